"""Question banks in and out: import from Excel, Moodle XML and GIFT; export to Moodle XML, QTI 2.1 and GIFT."""
