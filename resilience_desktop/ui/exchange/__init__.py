"""Files in and out: PDF report, CSV, Excel, bundles, and the save-path/busy helpers they share."""
