"""Type stubs of the native module (python/src/lib.rs)."""

from os import PathLike
from typing import Literal, Optional, Sequence, TypedDict, Union

Kind = Literal["text", "html", "markdown"]
Lang = Literal["ja", "zh", "en", "auto"]

__version__: str
MAX_RECORD_BYTES: int

class ClaimlintError(ValueError):
    """A rule pack, an option or a text claimlint cannot use; the message is the CLI's."""

class Finding(TypedDict):
    rule: str
    category: str
    severity: Literal["error", "warning", "info"]
    message: str
    matched: str
    start: int
    """UTF-8 byte offset of the finding in the text (as in the JSON contract)."""
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    suggestion: Optional[str]
    references: list[str]
    codes: list[str]
    char_start: int
    """The same position as ``start``, in characters: ``text[char_start:char_end] == matched``."""
    char_end: int

class Document(TypedDict):
    language: Literal["ja", "zh", "en", "other"]
    findings: list[Finding]
    skipped: bool
    notices: list[str]

class Checker:
    """The packs, compiled once; safe to share between threads."""

    def __init__(
        self,
        rules: Sequence[Union[str, PathLike[str]]] = (),
        *,
        default_rules: bool = True,
        enable: Sequence[str] = (),
        disable: Sequence[str] = (),
        inline_suppressions: bool = True,
    ) -> None: ...
    def check(self, text: str, kind: Kind = "text", lang: Optional[Lang] = None) -> list[Finding]:
        """The findings of one text, sorted by position."""
    def check_document(
        self, text: str, kind: Kind = "text", lang: Optional[Lang] = None
    ) -> Document:
        """One text as a document: language, findings, skipped, notices."""
    def check_batch(
        self,
        texts: Sequence[str],
        kind: Union[Kind, Sequence[Kind]] = "text",
        lang: Optional[Lang] = None,
        jobs: Optional[int] = None,
    ) -> list[Document]:
        """Many texts on ``jobs`` threads (default: all cores); one document per text, in order."""
