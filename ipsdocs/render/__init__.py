"""Rendering records into Word and PDF documents."""
