"""All Streamlit glue: caching, URL state, pickers, the admin gate, downloads, the evaluation screens."""
