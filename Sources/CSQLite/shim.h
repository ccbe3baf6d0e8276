// The system's SQLite (Debian: libsqlite3-dev), the only copy of SQLite in the process: two
// copies in one process break SQLite's POSIX advisory locks and can corrupt the database file.
#include <sqlite3.h>
