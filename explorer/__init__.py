"""The Streamlit explorer's pieces: ``common`` (store, caches, shared widgets) and one
script per page under ``pages/``. ``app.py`` routes between them with ``st.navigation``.
"""
