"""Button labels are counted and cut as each platform counts them: LINE counts action labels in grapheme clusters
(its "Counting characters" page), so a label is measured as a person sees it and never cut inside a syllable."""

from __future__ import annotations

from bot.channels.base import fit_label, grapheme_length, graphemes
from bot.channels.line import MAX_QUICK_REPLY_LABEL, render
from bot.channels.telegram import keyboard
from handlers.messages import Button, Outbound


def test_a_label_that_fits_in_clusters_is_kept_whole_though_longer_in_code_points() -> None:
    khmer = "ត្រូវការជំនួយឆាប់ៗ"  # "need help soon"
    assert len(khmer) > grapheme_length(khmer)
    sinhala = "ඉක්මනින් උදව් අවශ්‍යයි"
    assert len(sinhala) > MAX_QUICK_REPLY_LABEL >= grapheme_length(sinhala)
    assert fit_label(sinhala, MAX_QUICK_REPLY_LABEL) == sinhala


def test_a_label_too_long_is_cut_between_words_never_inside_a_syllable() -> None:
    burmese = "မိသားစု၊ အကြမ်းဖက်မှု နှင့် ကလေးများ ပညာရေး"
    cut = fit_label(burmese, 20)
    assert grapheme_length(cut) <= 20
    assert cut.endswith("…")
    assert burmese.startswith(cut[:-1])
    # The cut falls at a word break: what is kept ends a whole word of the original.
    assert burmese[len(cut) - 1] in " ၊"
    zwsp = "\u200b"  # Khmer marks word breaks with zero-width spaces
    khmer = zwsp.join(["គ្រួសារ", "អំពើហិង្សា", "និង", "កុមារ", "នៅ", "សាលារៀន"])
    cut = fit_label(khmer, 12)
    assert grapheme_length(cut) <= 12
    assert khmer.startswith(cut[:-1])
    assert khmer[len(cut) - 1] == zwsp  # whole words only
    unbroken = "គ្រួសារអំពើហិង្សានិងកុមារ"  # no break marked: cut between clusters, never inside one
    cut = fit_label(unbroken, 12)
    assert cut[:-1] == "".join(graphemes(unbroken)[:11])


def test_line_and_telegram_measure_labels_in_clusters() -> None:
    label = "ඉක්මනින් උදව් අවශ්‍යයි"
    message = Outbound("?", (Button(label, "urgency:soon"), Button("Not urgent", "urgency:normal")))
    quick = render(message)[0]["quickReply"]["items"]
    assert quick[0]["action"]["label"] == label
    # Telegram shows a button on one line: two a row only when each is short to the eye.
    markup = keyboard((Button("ត្រូវការជំនួយឆាប់ៗ", "a"), Button("មិនបន្ទាន់", "b")))
    assert markup is not None
    assert len(markup.inline_keyboard) == 1
