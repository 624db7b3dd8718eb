"""Import of CSV and XLSX files: read (:mod:`reading`), map columns (:mod:`columns`), check and plan each
row (:mod:`planning` and one module per entity), write all or nothing (:mod:`running`), templates
(:mod:`templates`).

Every refusal is a German message; a file with any error or conflict changes nothing.
"""
