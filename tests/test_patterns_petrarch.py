"""The PETRARCH verb dictionary importer, with a stand-in lemmatizer (no spaCy)."""

from __future__ import annotations

from eventwire.interop.petrarch_patterns import import_petrarch_verbs, write_patterns
from eventwire.stages.events.patterns import load_patterns

VERBS = """\
&TIES
+DIPLOMATIC TIES
+RELATIONS

--- MEET  [036:036]  ---
MEET
- SAID WOULD NOT *  [112]
- % HAVE *  [191]
--- RESTORE  [064]  ---
RESTORE
- * &TIES  [064]
- + * FROM $  [066]
--- SAY  [023]  ---
SAY
--- HOLD  [---]  ---
HOLD
- * TALKS  [031]
"""


def lemma(word: str, pos: str) -> str:
    return word[:-1] if pos == "NOUN" and word.endswith("s") else word


def test_import_converts_codes_roles_and_drops_with_reasons(tmp_path):
    src = tmp_path / "verbs.txt"
    src.write_text(VERBS, encoding="utf-8")
    result = import_petrarch_verbs(src, lemma)
    by_id = {p["id"]: p for p in result.patterns}
    meet = by_id["petrarch-meet-1"]
    assert (meet["type"], meet["cameo"], meet["reverse_cameo"]) == ("AGREE", "036", "036")
    assert by_id["petrarch-meet-2"]["needs_partners"] and by_id["petrarch-meet-2"]["recipient"] == ["partners"]
    restore = [p for p in result.patterns if p["lemma"] == "restore"]
    assert any(set(p.get("with_word", [])) >= {"tie", "relation"} for p in restore)
    assert any(p["recipient"] == ["subject"] and p["actor"] == ["prep:from"] for p in restore)
    assert "talk" in by_id["petrarch-hold-1"]["with_word"]
    assert result.dropped["words before the verb (negation, modals, reporting verbs)"] == 1
    assert result.dropped["verb: CAMEO 01/02 (statements, appeals): no PLOVER event"] == 1
    assert result.dropped["verb: code --- (PETRARCH's 'do not code')"] == 1
    out = write_patterns(result, tmp_path / "verbs.yaml")
    patterns = load_patterns([out])
    # the imported file replaces the shipped patterns of its verbs
    assert all(p.source.startswith(str(out)) for p in patterns.index[("meet", "verb")])
    assert not patterns.require_dyad


def test_require_dyad_holds_for_every_pattern_once_imported(tmp_path):
    """PETRARCH's require_dyad is a coding option: the written file sets it for the shipped patterns too."""
    src = tmp_path / "verbs.txt"
    src.write_text(VERBS, encoding="utf-8")
    out = write_patterns(import_petrarch_verbs(src, lemma, require_dyad=True), tmp_path / "verbs.yaml")
    assert "require_dyad: true" in out.read_text(encoding="utf-8")
    assert load_patterns([out]).require_dyad
    assert not load_patterns().require_dyad
