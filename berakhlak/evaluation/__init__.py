"""The internal evaluation (survey, evidence checklist, action plan): its data and logic, no Streamlit."""
