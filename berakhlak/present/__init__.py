"""What leaves the app as a picture or a file: chart builders, slides, the PPTX deck, exports. No Streamlit."""
