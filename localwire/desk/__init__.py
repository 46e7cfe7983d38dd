"""The application layer both the CLI and the web desk call: review, export, charts, demo."""
