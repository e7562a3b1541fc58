"""Room codes, participant ids and nicknames: what a participant types or a link carries, checked before use.

A room code is five characters from an alphabet without look-alikes (no 0/O, 1/I/L, 5/S, 2/Z), so it can be
read off a projector and typed without doubt; typed codes are upper-cased and stripped of spaces first. A code
names the room's database file, so nothing but a well-formed code ever reaches a path.
"""

from __future__ import annotations

import re
import secrets
import unicodedata

from cq4ds.domain import Cq4dsError

ALPHABET = "ABCDEFGHJKMNPQRTUVWXY346789"
CODE_LENGTH = 5
CODE = re.compile(f"[{ALPHABET}]{{{CODE_LENGTH}}}")
PARTICIPANT = re.compile(r"[A-Za-z0-9_-]{8,32}")
NICKNAME_MAX = 24


class RoomError(Cq4dsError):
    """A room code, nickname or link entry that cannot be used; the message says what to do instead."""


def new_code() -> str:
    """A fresh random room code."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def typed_code(text: str) -> str:
    """The room code `text` names (spaces dropped, upper-cased); raises RoomError when it is not one."""
    code = "".join(str(text).split()).upper()
    if not CODE.fullmatch(code):
        raise RoomError(
            f"'{str(text)[:20]}' is not a room code: a room code has {CODE_LENGTH} letters and digits, as the "
            "instructor shows it"
        )
    return code


def is_code(text: object) -> bool:
    """Whether `text` is a well-formed room code as stored (no typing tolerance)."""
    return isinstance(text, str) and CODE.fullmatch(text) is not None


def new_participant() -> str:
    """A fresh random participant id: it stands in the participant's link, so it must not be guessable."""
    return secrets.token_urlsafe(9)


def is_participant(text: object) -> bool:
    """Whether `text` is a well-formed participant id."""
    return isinstance(text, str) and PARTICIPANT.fullmatch(text) is not None


def nickname(text: str) -> str:
    """The nickname `text`, stripped of surrounding spaces; raises RoomError when empty, too long or not plain text.

    Any printable characters are allowed and kept as typed (they are only ever shown as plain text); line breaks
    and other control characters are refused.
    """
    name = str(text).strip()
    if not name:
        raise RoomError("type a nickname: any name the room may see, no other data is asked")
    if len(name) > NICKNAME_MAX:
        raise RoomError(f"a nickname has at most {NICKNAME_MAX} characters; yours has {len(name)}")
    if any(unicodedata.category(char).startswith("C") for char in name):
        raise RoomError("a nickname is one line of plain text: no line breaks or control characters")
    return name
