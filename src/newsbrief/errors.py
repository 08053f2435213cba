"""The project's own error type: every expected failure is one of these, named by its input."""


class NewsbriefError(Exception):
    """An expected failure about one input; the CLI prints it as one line, never a traceback.

    ``item`` names the input (a path, URL, record id); ``message`` says what went wrong.
    """

    def __init__(self, item: str, message: str) -> None:
        super().__init__(f"{item}: {message}" if item else message)
        self.item = item
        self.message = message
