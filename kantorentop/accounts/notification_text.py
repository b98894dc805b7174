"""A notification's text, written once: an English gettext message for its subject and one for its
body, with named parameters.

The portal shows it in the reader's language; the e-mail holds Dutch, then English, since the
portal does not know the recipient's language. The module that sends a notification marks its
messages with `gettext_noop` (so they are in the catalogue) and passes them untranslated; they are
stored so and translated when shown.

A parameter is a plain string or number, formatted when the notification is created (dates in
Dutch notation, as in every language of the portal), or a text per language (`per_language`): a
choice's label, a commitment's title.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise

# What a parameter is stored as (JSON): a text or number, or a text per language code.
StoredParam = str | int | dict[str, str]

SUBJECT_SEPARATOR = " / "
BODY_SEPARATOR = "\n\n"
# Notification.subject's max_length.
SUBJECT_MAX_LENGTH = 300


def _languages() -> list[str]:
    """The portal's languages, Dutch (the default) first: the order of an e-mail's texts."""
    codes = [code for code, _name in settings.LANGUAGES]
    return sorted(codes, key=lambda code: code != settings.LANGUAGE_CODE)


def per_language(get: Callable[[], Any]) -> dict[str, str]:
    """`get()` in each of the portal's languages, such as a choice's label:
    `per_language(lambda: case.get_status_display())`."""
    texts = {}
    for code in _languages():
        with translation.override(code):
            texts[code] = str(get())
    return texts


def _stored(value: Any) -> StoredParam:
    if isinstance(value, Promise):
        return per_language(lambda: value)
    if isinstance(value, Mapping):
        return {str(code): str(text) for code, text in value.items()}
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return str(value)


def _shown(value: StoredParam) -> str | int:
    if not isinstance(value, dict):
        return value
    language = translation.get_language() or settings.LANGUAGE_CODE
    for code in (language, language.split("-")[0], settings.LANGUAGE_CODE):
        if code in value:
            return value[code]
    return next(iter(value.values()), "")


def _format(message: str, params: Mapping[str, StoredParam]) -> str:
    # %-formatting fills the parameters in once: braces or percent signs in a value (a
    # building's name) stay as they are.
    return translation.gettext(message) % {k: _shown(v) for k, v in params.items()}


def message_render(message: str, params: Mapping[str, StoredParam], *, fallback: str) -> str:
    """`message` (an English msgid) in the active language with `params` filled in; `fallback`
    (the stored text) when there is no message, as on notifications from before messages were
    stored, or when a translation does not fit the parameters (the page still shows)."""
    if not message:
        return fallback
    try:
        return _format(message, params)
    except (KeyError, ValueError, TypeError):
        return fallback


@dataclass(frozen=True)
class NotificationText:
    """A notification's subject and body as messages (English msgids, marked with gettext_noop
    where they are sent) with named parameters (`%(name)s`).

    A body that a user wrote (a comment, a rejection's reasons) is in no language of ours: it goes
    in `verbatim_body`, with `body` left empty, and is shown as it is.
    """

    subject: str
    body: str = ""
    params: Mapping[str, Any] = field(default_factory=dict)
    verbatim_body: str = ""

    def stored_params(self) -> dict[str, StoredParam]:
        return {str(key): _stored(value) for key, value in self.params.items()}

    def _each_language(self, message: str, *, fallback: str = "") -> list[str]:
        """The message in each language, Dutch first; a message that does not fit its
        parameters raises here, when the notification is created."""
        params = self.stored_params()
        texts: list[str] = []
        for code in _languages():
            with translation.override(code):
                text = _format(message, params) if message else fallback
            if text not in texts:
                texts.append(text)
        return texts

    def bilingual_subject(self) -> str:
        """The subject in Dutch, then English (once if they are the same), for the e-mail."""
        subject = SUBJECT_SEPARATOR.join(self._each_language(self.subject))
        if len(subject) > SUBJECT_MAX_LENGTH:
            subject = subject[: SUBJECT_MAX_LENGTH - 1] + "…"
        return subject

    def bilingual_body(self) -> str:
        """The body in Dutch, then English (once if they are the same), for the e-mail."""
        return BODY_SEPARATOR.join(self._each_language(self.body, fallback=self.verbatim_body))
