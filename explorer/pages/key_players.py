"""Placeholder while the page is built (issue 7)."""

import streamlit as st

st.title("key_players")
st.info("This page is being built.")
