"""Every failure the CLI reports, each with its own exit code (README.md lists them)."""

OK = 0
FAILED = 1  # anything else: an unexpected answer from Hooklane
USAGE = 2  # argparse's own code for bad arguments
NOT_LOGGED_IN = 3
BAD_KEY = 4
UNREACHABLE = 5
NOTHING_LISTENING = 6
RATE_LIMITED = 7
NOT_FOUND = 8
INTERRUPTED = 130


class CliError(Exception):
    exit_code = FAILED

    def __init__(self, message: str, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class NotLoggedIn(CliError):
    exit_code = NOT_LOGGED_IN


class BadKey(CliError):
    exit_code = BAD_KEY


class Unreachable(CliError):
    exit_code = UNREACHABLE


class NothingListening(CliError):
    exit_code = NOTHING_LISTENING


class RateLimited(CliError):
    exit_code = RATE_LIMITED

    def __init__(self, message: str, retry_after: float = 1.0) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class NotFound(CliError):
    exit_code = NOT_FOUND


class SessionExpired(CliError):
    """The listen session expired on the server (410): the CLI starts a new one."""
