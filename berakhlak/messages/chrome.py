"""Streamlit's and Plotly's own interface strings, in the UI language (berakhlak.ui.chrome)."""

MESSAGES = {
    # Streamlit's own labels (English in its bundle), put into Indonesian in the browser.
    "st.skip": ("Lewati ke konten utama", "Skip to main content"),
    "st.help_for": ("Bantuan untuk {label}", "Help for {label}"),
    "st.fullscreen": ("Layar penuh", "Fullscreen"),
    "st.exit_fullscreen": ("Keluar dari layar penuh", "Exit fullscreen"),
    "st.close_fullscreen": ("Tutup layar penuh", "Close fullscreen"),
    "st.download_csv": ("Unduh sebagai CSV", "Download as CSV"),
    "st.search": ("Cari", "Search"),
    "st.close_search": ("Tutup pencarian", "Close Search"),
    "st.columns": ("Tampilkan/sembunyikan kolom", "Show/hide columns"),
    "st.no_results": ("Tidak ada hasil", "No results"),
    "st.clear_all": ("Hapus semua", "Clear all"),
    "st.clear_value": ("Kosongkan", "Clear value"),
    "st.main_menu": ("Menu utama", "Main menu"),
    "st.collapse_sidebar": ("Ciutkan bilah samping", "Collapse sidebar"),
    "st.expand_sidebar": ("Buka bilah samping", "Expand sidebar"),
    "st.running": ("Memproses…", "Running..."),
    "st.stop": ("Hentikan", "Stop"),
    "st.choose_option": ("Pilih salah satu", "Choose an option"),
    "st.choose_options": ("Pilih", "Choose options"),
    "st.select_all": ("Pilih semua", "Select all"),
    "st.copy": ("Salin ke papan klip", "Copy to clipboard"),
    "st.press_enter": ("Tekan Enter untuk menerapkan", "Press Enter to apply"),
    "st.no_options": ("Tidak ada pilihan.", "No options to select."),
    # Plotly's toolbar (its `locales` config; the keys are Plotly's English strings).
    "plotly.png": ("Unduh grafik sebagai PNG", "Download plot as a PNG"),
    "plotly.download": ("Unduh grafik", "Download plot"),
    "plotly.zoom": ("Perbesar area", "Zoom"),
    "plotly.pan": ("Geser", "Pan"),
    "plotly.zoom_in": ("Perbesar", "Zoom in"),
    "plotly.zoom_out": ("Perkecil", "Zoom out"),
    "plotly.autoscale": ("Skala otomatis", "Autoscale"),
    "plotly.reset_axes": ("Kembalikan sumbu", "Reset axes"),
    "plotly.double_click": ("Klik dua kali untuk memperkecil", "Double-click to zoom back out"),
}

MESSAGES.update({
    # Text alternatives of charts (berakhlak.present.alt_text).
    "alt.chart": ("Grafik", "Chart"),
    "alt.empty": ("{title}. Grafik ini tidak memuat angka.", "{title}. This chart shows no numbers."),
    "alt.summary": ("{title}. Tertinggi: {hi} ({hv}); terendah: {lo} ({lv}).",
                    "{title}. Highest: {hi} ({hv}); lowest: {lo} ({lv})."),
})
