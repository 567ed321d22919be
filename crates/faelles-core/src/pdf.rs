//! PDFs from the domain: the citizen summary and the minutes, and their export to files.
