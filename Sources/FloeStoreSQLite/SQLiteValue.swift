import FloeEngine

/// How values that SQLite has no type for are stored: the encoding every SQL store shares (``StoreValue``).
typealias SQLiteValue = StoreValue
