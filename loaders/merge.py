"""Records stated by several rows: merged by key, field by field. A row states the fields it gives (not empty, not
silent); two rows of one record that give a field alike, or where only one gives it, merge. A field two entries give
differently is a conflict: the entries' `prefer` decides which value stays, else the later row is refused; either
way the report names both values and both rows.

Memory: per record, 4 bytes of a hash per field (not the values); the other row's value is read back from its file
only for the few conflicts a load meets."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from graph import model
from loaders.convert import Context, RowError, raw_value
from loaders.mapping import FileRule, Mapping
from loaders.normalise import clean_text
from loaders.read import read_rows

NOT_GIVEN = b"\0\0\0\0"


def digest(row: model.Row, names: tuple[str, ...]) -> bytes:
    """4 bytes of a hash of each field's value in `names` order; NOT_GIVEN where the row states nothing."""
    silent = row.silent
    out = bytearray()
    for name in names:
        value = getattr(row, name, None)
        if name in silent or value is None or value == "" or value == []:
            out += NOT_GIVEN
            continue
        try:
            h = hash(value) & 0xFFFFFFFF
        except TypeError:  # a list field
            h = hash(repr(value)) & 0xFFFFFFFF
        out += (h or 1).to_bytes(4, "little")
    return bytes(out)


def _at(index: int, row: int) -> int:
    return index << 32 | row


@dataclass
class Conflict:
    """Fields one row states otherwise than an earlier row of the same record."""

    index: int  # the entry (file index) of this row
    row: int
    fields: list[tuple[str, Any, int]]  # (field, this row's value, where the other value stands)
    winner: str | None  # "this", "other", or None: the row is refused
    cells: dict[str, Any] = field(default_factory=dict)  # this row's cells (to say how each row named its record)


@dataclass
class Records:
    """What the rows of one validation pass state, record by record (label, key)."""

    rules: tuple[FileRule, ...]
    digests: dict[tuple[str, str], bytes] = field(default_factory=dict)
    first_at: dict[tuple[str, str], int] = field(default_factory=dict)  # the first row stating it
    field_at: dict[tuple[tuple[str, str], int], int] = field(default_factory=dict)  # a field a later row gave
    conflicts: list[Conflict] = field(default_factory=list)

    def state(
        self,
        ident: tuple[str, str],
        row: model.Row,
        at: tuple[int, int, dict[str, Any]],
        names: tuple[str, ...],
    ) -> bool:
        """Merge one row into its record; False when it is refused (a conflict no `prefer` settles). A field whose
        other value wins is silenced in the row, so its write leaves that value."""
        index, number = at[0], at[1]
        mine, here = digest(row, names), _at(index, number)
        first = self.digests.get(ident)
        if first is None:
            self.digests[ident], self.first_at[ident] = mine, here
            return True
        if first == mine:
            return True
        merged, clashes = bytearray(first), []
        for i in range(len(names)):
            a, b = first[4 * i : 4 * i + 4], mine[4 * i : 4 * i + 4]
            if b == NOT_GIVEN or a == b:
                continue
            if a == NOT_GIVEN:
                merged[4 * i : 4 * i + 4] = b
                self.field_at[(ident, i)] = here
                continue
            clashes.append(i)
        if clashes:
            winners = {i: self._winner(index, self.field_at.get((ident, i), self.first_at[ident])) for i in clashes}
            if any(w is None for w in winners.values()):
                self._note(ident, row, at, names, [i for i in clashes if winners[i] is None], None)
                return False
            for winner in ("this", "other"):
                if won := [i for i in clashes if winners[i] == winner]:
                    self._note(ident, row, at, names, won, winner)
            for i in clashes:
                if winners[i] == "this":
                    merged[4 * i : 4 * i + 4] = mine[4 * i : 4 * i + 4]
                    self.field_at[(ident, i)] = here
            row.silencing(frozenset(names[i] for i in clashes if winners[i] == "other"))
        self.digests[ident] = bytes(merged)
        return True

    def _winner(self, index: int, other: int) -> str | None:
        """Whose value stays: "this" row's entry, the "other" one's, or None when the entries do not say (or one
        entry states the record twice otherwise)."""
        if other >> 32 == index:
            return None
        mine, theirs = self.rules[index].prefer, self.rules[other >> 32].prefer
        this_wins = mine == "this" or theirs == "other"
        other_wins = mine == "other" or theirs == "this"
        return None if this_wins == other_wins else "this" if this_wins else "other"

    def _note(
        self,
        ident: tuple[str, str],
        row: model.Row,
        at: tuple[int, int, dict[str, Any]],
        names: tuple[str, ...],
        fields: list[int],
        winner: str | None,
    ) -> None:
        located = [
            (names[i], getattr(row, names[i]), self.field_at.get((ident, i), self.first_at[ident])) for i in fields
        ]
        self.conflicts.append(Conflict(at[0], at[1], located, winner, at[2]))

    def report(self, mapping: Mapping, ctx: Context) -> tuple[list[tuple[int, list[RowError]]], list[str]]:
        """The refused rows' errors (by file index) and a line per kind of settled conflict, each with both
        values and both rows; the other rows' values are read back from their files."""
        wanted: dict[int, set[int]] = {}
        for c in self.conflicts:
            for _, _, at in c.fields:
                wanted.setdefault(at >> 32, set()).add(at & 0xFFFFFFFF)
        values: dict[int, model.Row] = {}
        cells: dict[int, dict[str, Any]] = {}
        for index, rows in sorted(wanted.items()):
            for record, row in read_rows(mapping.files[index], ctx):
                if record is not None and record.row in rows and isinstance(row, model.Row):
                    values[_at(index, record.row)], cells[_at(index, record.row)] = row, record.cells
        refused: list[tuple[int, list[RowError]]] = []
        settled: Counter[tuple[str, str, str, str]] = Counter()
        examples: dict[tuple[str, str, str, str], str] = {}
        for c in self.conflicts:
            rule = mapping.files[c.index]
            errors = []
            for name, mine, at in c.fields:
                other_rule, other_row = mapping.files[at >> 32], at & 0xFFFFFFFF
                theirs = getattr(values.get(at), name, "?")
                where = f"{_name(other_rule)} row {other_row}"
                if c.winner is None:
                    expected = (
                        f"the same value as {where}, which states the same record ({_text(theirs)})"
                        if at >> 32 == c.index  # one entry stating a record twice otherwise: no rule settles it
                        else f"the value {where} gives the same record ({_text(theirs)}), or a `prefer` on one of "
                        "the two entries"
                    )
                    expected += _named_apart(rule, c.cells, other_rule, cells.get(at, {}))
                    errors.append(RowError(rule.path.name, c.row, _label(rule, name), expected, str(mine), rule.sheet))
                    continue
                key = (_name(rule), _label(rule, name), _name(other_rule), c.winner)
                settled[key] += 1
                kept, over = (mine, theirs) if c.winner == "this" else (theirs, mine)
                examples.setdefault(key, f"row {c.row}: kept {_text(kept)} over {_text(over)} ({where})")
            if errors:
                refused.append((c.index, errors))
        lines = [
            f"{key[0]}: {count:,} row(s) state {key[1]} otherwise than {key[2]}; kept "
            f"{'this' if key[3] == 'this' else 'the other'} file's value (prefer), e.g. {examples[key]}"
            for key, count in settled.items()
        ]
        return refused, lines


def _named_apart(rule: FileRule, mine: dict[str, Any], other: FileRule, theirs: dict[str, Any]) -> str:
    """Why two rows may be one record only by folding: they name its pollutant apart (烟尘 and 颗粒物 are one HJ 212
    code, though a plan may list both with limits of their own)."""
    for name, frule in rule.fields.items():
        if not name.endswith("pollutant_code") or name not in other.fields:
            continue
        a, b = clean_text(str(raw_value(frule, mine))), clean_text(str(raw_value(other.fields[name], theirs)))
        if a and b and a != b:
            return (
                f" — the rows name its pollutant {a!r} and {b!r}, which fold into one code; if the source means two "
                f'items, give one a code of its own in [pollutants] (e.g. "{a}" = "local")'
            )
    return ""


def _name(rule: FileRule) -> str:
    return rule.path.name + (f"#{rule.sheet}" if rule.sheet else "")


def _label(rule: FileRule, name: str) -> str:
    return rule.fields[name].label if name in rule.fields else name


def _text(value: Any) -> str:
    return repr(value.isoformat()) if hasattr(value, "isoformat") else repr(value)
