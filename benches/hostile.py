#!/usr/bin/env python3
"""Hostile records for benches/hostile.sh: one folder per shape, each holding one record of
about SIZE bytes (default just under the 4 MiB a record may have) and a small record it
may link to. Shapes are the ones that have made a stage quadratic, or could: long lines of
links, keywords, brackets, parentheses, markup and multi-byte text, and many lines,
headings, sections, keys, tags and references.

    benches/hostile.py OUT_DIR [SIZE] [SHAPE...]
"""

import os
import sys

TARGET = "---\ntitle: Target\nstatus: accepted\ndate: 2024-01-01\n---\n\nA record links may point at.\n"


def fill(unit, size, head="", tail=""):
    n = max(1, (size - len(head.encode()) - len(tail.encode())) // len(unit.encode()))
    return head + unit * n + tail


def fm(title="Hostile", extra=""):
    return f"---\ntitle: {title}\nstatus: accepted\ndate: 2024-01-01\n{extra}---\n\n"


SHAPES = {
    # One line of links to a missing record (issue 12, item 3).
    "links-one-line": lambda s: fill("[x](missing.md) ", s, fm()),
    "links-per-line": lambda s: fill("[x](missing.md)\n", s, fm()),
    "links-existing-one-line": lambda s: fill("[x](0001-target.md) ", s, fm()),
    # `Superseded by` repeated on one status line (issue 12, item 3).
    "superseded-one-line": lambda s: fill(
        "Superseded by [ADR-1](0001-target.md) ", s, "# Hostile\n\n## Status\n\n"
    ),
    "superseded-missing-one-line": lambda s: fill(
        "Superseded by [ADR-9](0009-missing.md) ", s, "# Hostile\n\n## Status\n\n"
    ),
    "superseded-plain-ids": lambda s: fill("superseded by ADR-1, ", s, "# Hostile\n\n## Status\n\n"),
    "status-bullet-keywords": lambda s: fill("supersedes é ", s, "# Hostile\n\n* Status: "),
    "prose-supersedes": lambda s: fill(
        "We supersede [ADR 1](0001-target.md) here. ", s, fm()
    ),
    "prose-one-keyword-many-links": lambda s: fill(
        "[ADR 1](0001-target.md) ", s, fm() + "This supersedes "
    ),
    "multibyte-keywords": lambda s: fill("superseded by é — ", s, "# Hostile\n\n## Status\n\n"),
    "open-brackets": lambda s: fill("[", s, fm()),
    "close-brackets": lambda s: fill("]", s, fm()),
    "nested-brackets": lambda s: fm() + "[" * (s // 2 - 40) + "]" * (s // 2 - 40),
    "nested-links": lambda s: fm() + "[" * (s // 8) + "x" + "](a.md)" * (s // 8),
    "open-links": lambda s: fill("[a](", s, fm()),
    "bracket-paren": lambda s: fill("](", s, fm()),
    "open-parens": lambda s: fill("(", s, fm() + "[a]"),
    "angles": lambda s: fill("<", s, fm()),
    "angle-space": lambda s: fill("< ", s, fm()),
    "anchors": lambda s: fill("<a x ", s, fm()),
    "comments-open": lambda s: fill("<!--", s, fm()),
    "comments-lines": lambda s: fill("<!-- x\n", s, fm()),
    "backticks": lambda s: fill("`", s, fm()),
    "fences": lambda s: fill("```\n", s, fm()),
    "stars": lambda s: fill("*", s, fm()),
    "underscores": lambda s: fill("a_", s, fm()),
    "emphasis": lambda s: fill("*a _b ", s, fm()),
    "quotes-deep": lambda s: fill(">", s, fm()),
    "lists-deep": lambda s: "".join(
        " " * (2 * i) + "- x\n" for i in range(int((s / 1.0) ** 0.5 / 1.5))
    ),
    "list-items": lambda s: fill("- x\n", s, fm()),
    "headings": lambda s: fill("# h\n", s, fm()),
    "status-headings": lambda s: fill("## Status\nsuperseded by 1\n", s, "# Hostile\n\n"),
    "link-sections": lambda s: fill("## Links\n* Supersedes [a](0001-target.md)\n", s, "# Hostile\n\n"),
    "setext": lambda s: fill("a\n===\n\n", s, fm()),
    "tables": lambda s: fill("| Status | Date |\n|---|---|\n| accepted | 2024-01-01 |\n", s, "# Hostile\n\n"),
    "table-wide": lambda s: fill("| a ", s, "# Hostile\n\n"),
    "options": lambda s: "# Hostile\n\n## Status\n\naccepted\n\n## Considered Options\n\n"
    + "".join(f"* Option {i}\n" for i in range(s // 16)),
    "option-headings": lambda s: "# Hostile\n\n## Status\n\naccepted\n\n## Pros and Cons of the Options\n\n"
    + "".join(f"### Option {i}\n\n* Good, because x\n\n" for i in range(s // 40)),
    "pros-and-cons-headings": lambda s: fill("## Pros and Cons of the Options\n### A\n", s, "# Hostile\n\n"),
    "options-sections": lambda s: fill("## Considered Options\n* a\n", s, "# Hostile\n\n"),
    "chosen": lambda s: fill('Chosen option: "x", because y\n', s, "# Hostile\n\n## Decision Outcome\n\n"),
    "labels": lambda s: fill("* Deciders: a, b\n", s, "# Hostile\n\n"),
    "bare-labels": lambda s: fill("**Status**\n", s, "# Hostile\n\n"),
    "long-line": lambda s: fill("word ", s, fm()),
    "long-word": lambda s: fill("x", s, fm()),
    "multibyte": lambda s: fill("é€𝄞", s, fm()),
    "crlf": lambda s: fill("a\r\n", s, fm()),
    "html": lambda s: fill("<div>", s, fm()),
    "blank-lines": lambda s: fill("\n", s, fm()),
    "title-brackets": lambda s: "# " + "[" * (s // 2) + "\n",
    "title-notice": lambda s: "# [Superseded by " + "[x](a.md) " * (s // 12) + "] T\n",
    "title-parens": lambda s: "# T " + "(" * (s // 2) + ")\n",
    "fm-keys": lambda s: "---\ntitle: T\n"
    + "".join(f"revist{i}: x\n" for i in range(s // 16))
    + "---\n",
    "fm-near-miss": lambda s: "---\ntitle: T\n"
    + "".join(f"{'revist' if i % 2 else 'statuz'}{'_' * (i % 3)}{i % 7}: x\n" for i in range(s // 16))
    + "---\n",
    "fm-tags": lambda s: "---\ntitle: T\ntags: [" + ", ".join(f"t{i}" for i in range(s // 8)) + "]\n---\n",
    "fm-tags-block": lambda s: "---\ntitle: T\ntags:\n" + "".join(f"- t{i}\n" for i in range(s // 8)) + "---\n",
    "fm-long-tag": lambda s: "---\ntitle: T\ntags: [" + "t" * (s - 40) + "]\n---\n",
    "fm-supersedes": lambda s: "---\ntitle: T\nsupersedes: ["
    + ", ".join(str(i) for i in range(2, s // 8))
    + "]\n---\n",
    "fm-relates-block": lambda s: "---\ntitle: T\nrelates:\n" + "".join(f"- {i}\n" for i in range(2, s // 6)) + "---\n",
    "fm-options": lambda s: "---\ntitle: T\noptions:\n"
    + "".join(f"  - name: o{i}\n    pros: [a, b]\n" for i in range(s // 36))
    + "---\n",
    "fm-tradeoffs": lambda s: "---\ntitle: T\ntradeoffs:\n"
    + "".join(f"  - favor: a{i}\n    over: b{i}\n" for i in range(s // 36))
    + "---\n",
    "fm-deep": lambda s: "---\n" + "".join(" " * i + "k:\n" for i in range(int(s ** 0.5))) + "---\n# T\n",
    "fm-flow-deep": lambda s: "---\ntitle: T\nx: " + "[" * (s // 2 - 20) + "]" * (s // 2 - 20) + "\n---\n",
    "fm-block-scalar": lambda s: "---\ntitle: |\n" + fill("  line\n", s - 40) + "---\n",
    "fm-anchors": lambda s: "---\na: &a [x, y]\n" + "".join(f"b{i}: *a\n" for i in range(s // 12)) + "title: T\n---\n",
    "fm-status": lambda s: "---\ntitle: T\nstatus: \"" + "superseded by [ADR-1](0001-target.md) " * (s // 40) + "\"\n---\n",
    "yaml-nul-ctl": lambda s: fill("t: a\x01b\n", s, "---\ntitle: T\n", "---\n"),
    "madr-bullets": lambda s: fill("* Status: superseded by [ADR-1](0001-target.md)\n", s, "# Hostile\n\n"),
    "mixed": lambda s: fill(
        "## Context\n\nSee [a](0001-target.md), `code` and **bold** _x_ <b>y</b>.\n"
        "* Status: accepted\n| a | b |\n> quote [x](y.png)\n```\ncode\n```\n",
        s,
        "# Hostile\n\n",
    ),
}


def main():
    out = sys.argv[1]
    size = int(sys.argv[2]) if len(sys.argv) > 2 else 4 * 1024 * 1024 - 1024
    shapes = sys.argv[3:] or list(SHAPES)
    for name in shapes:
        d = os.path.join(out, name)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "0001-target.md"), "w") as f:
            f.write(TARGET)
        text = SHAPES[name](size)
        data = text.encode()[:size]
        # Keep the file valid UTF-8 where the cut fell inside a character.
        data = data.decode("utf-8", "ignore").encode()
        with open(os.path.join(d, "0002-hostile.md"), "wb") as f:
            f.write(data)
    print(" ".join(shapes))


if __name__ == "__main__":
    main()
