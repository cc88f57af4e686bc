"""One Streamlit script per explorer page; ``app.py`` registers them with ``st.navigation``."""
