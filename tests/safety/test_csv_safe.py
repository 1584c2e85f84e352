"""The formula-safe CSV writers: a header or a cell a spreadsheet would run is written as text."""

from __future__ import annotations

import csv
import io

from resilience_desktop.safety import csv_safe


def test_dict_writer_makes_header_rows_and_batches_inert():
    fh = io.StringIO()
    w = csv_safe.DictWriter(fh, fieldnames=["=город", "value"])
    w.writeheader()
    w.writerow({"=город": '=HYPERLINK("http://x","Бишкек")', "value": -3})
    w.writerows([{"=город": "@SUM(A1:A9)", "value": "-2+3"}, {"=город": "Ош\x00", "value": 1.5}])
    rows = list(csv.reader(io.StringIO(fh.getvalue())))
    assert rows == [["'=город", "value"],
                    ['\'=HYPERLINK("http://x","Бишкек")', "-3"],
                    ["'@SUM(A1:A9)", "'-2+3"],
                    ["Ош", "1.5"]]
