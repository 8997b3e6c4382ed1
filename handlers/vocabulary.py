"""Codes the hotline records, with the words people see for them (translated through the catalogs)."""

from __future__ import annotations

from handlers.i18n import N_

TOPICS: dict[str, str] = {
    "work": N_("Work and wages"),
    "residence": N_("Visa and residence"),
    "health": N_("Health and medical"),
    "living": N_("Money, food, housing"),
    "family": N_("Family and violence"),
    "children": N_("Children and school"),
    "detention": N_("Detention, refugees"),
    "other": N_("Something else"),
}

URGENCY: dict[str, str] = {
    "danger": N_("In danger now"),
    "soon": N_("Need help soon"),
    "normal": N_("Not urgent"),
}
