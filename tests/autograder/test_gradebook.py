"""The grade table an instructor reads."""

from .course_fixtures import grading


def test_table_puts_named_rows_first_and_ungradable_rows_last():
    import submissions

    scores = {name: {"test_f": (float(name != "blank"), 1.0)} for name in ("zed", "blank", "solution", "amy")}
    table = grading.format_table("lab", scores, 1, [submissions.Ungradable("bob", "not a notebook")],
                                 first=("solution", "blank"))
    rows = [line.split()[0] for line in table.splitlines()[3:]]
    assert rows == ["solution", "blank", "amy", "zed", "bob"]
    assert table.splitlines()[-1].split(None, 1)[1] == "UNGRADABLE: not a notebook"
    assert table.splitlines()[4].split()[1:] == ["0", "0"], "the blank row shows its zero"
