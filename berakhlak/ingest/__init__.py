"""Files into the database: reading CSV/XLSX, validating every row and column, planning and writing an import."""
