"""A file in a conversation: kept with the case, announced in each reader's language, or kindly refused.

The download and the stripping happened before the turn (handlers.media); here the result becomes a row of
`media_files` and an outbound message that carries it, or a kind answer to the person who sent it.
"""

from __future__ import annotations

from handlers.context import Turn
from handlers.i18n import N_, Translator, translator
from handlers.media import Attachment, MediaProblem
from handlers.messages import MediaRef, Outbound
from storage.media import MediaKind, keep_media, media_of_case
from storage.models import Case, Contact, MediaFile

_FROM_PERSON = {
    MediaKind.IMAGE: N_("The person sent a photo."),
    MediaKind.AUDIO: N_("The person sent a voice message."),
    MediaKind.VIDEO: N_("The person sent a video."),
    MediaKind.FILE: N_("The person sent a file."),
}
_FROM_SUPPORTER = {
    MediaKind.IMAGE: N_("Your supporter sent a photo."),
    MediaKind.AUDIO: N_("Your supporter sent a voice message."),
    MediaKind.VIDEO: N_("Your supporter sent a video."),
    MediaKind.FILE: N_("Your supporter sent a file."),
}


def from_person(tr: Translator, kind: str) -> str:
    """What a supporter reads above a file the person sent: "The person sent a photo." """
    return tr.gettext(_FROM_PERSON.get(MediaKind(kind), _FROM_PERSON[MediaKind.FILE]))


def from_supporter(tr: Translator, kind: str) -> str:
    """What the person reads above a file their supporter sent."""
    return tr.gettext(_FROM_SUPPORTER.get(MediaKind(kind), _FROM_SUPPORTER[MediaKind.FILE]))


def media_ref(media: MediaFile) -> MediaRef:
    return MediaRef(media.token, media.kind, media.mime, media.duration_ms)


def carrying(text: str, media: MediaFile, recipient: Contact) -> Outbound:
    """A message carrying a file to `recipient`; where their platform can only link to it, the text says so."""
    ref = media_ref(media)
    if ref.sent_as_link_on(recipient.channel):
        tr = translator(recipient.locale)
        text += "\n" + tr.gettext("Open it with this link (it works while the consultation is open):")
    return Outbound(text, media=ref)


async def keep(turn: Turn, attachment: Attachment, case_id: int | None) -> MediaFile:
    """Keep the file with the case (or, during intake, with the person until the case opens)."""
    media = keep_media(
        turn.session,
        kind=attachment.kind,
        mime=attachment.mime,
        data=attachment.data,
        preview=attachment.preview,
        duration_ms=attachment.duration_ms,
        contact_id=turn.contact.id,
        case_id=case_id,
        now=turn.now,
    )
    await turn.session.flush()
    return media


def answer_refused(turn: Turn, problem: MediaProblem) -> None:
    """Tell the sender, in their language, why their file was not passed on and what they can do."""
    tr = turn.tr
    if problem == MediaProblem.TOO_LARGE:
        turn.reply(
            tr.gettext("This file is too large to pass on (at most 20 MB). Could you send a smaller one, or a photo?")
        )
    elif problem == MediaProblem.NOT_CLEANED:
        turn.reply(
            tr.gettext(
                "We could not pass on this PDF safely, so it was not sent. Could you send a photo of its pages instead?"
            )
        )
    elif problem == MediaProblem.UNREADABLE:
        turn.reply(tr.gettext("We could not open this file. Could you send it again, as a photo or a PDF?"))
    else:
        turn.reply(tr.gettext("We could not receive your file. Please try sending it again."))


def download_failed(tr: Translator) -> str:
    """What a supporter reads when the person's file could not be fetched, even after retries."""
    return tr.gettext("The person sent a file, but it could not be downloaded. Please ask them to send it again.")


async def show_question_files(turn: Turn, case: Case, helper: Contact, label: str) -> None:
    """The files the person sent with their question, to a helper who has just accepted the case."""
    tr = translator(helper.locale)
    for media in await media_of_case(turn.session, case.id):
        if media.contact_id == case.contact_id:
            turn.send(helper.id, carrying(f"[{label}]\n" + from_person(tr, media.kind), media, helper))
