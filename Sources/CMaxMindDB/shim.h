#include <maxminddb.h>

/* MMDB_get_value is variadic, which Swift cannot call. This walks a path of up to three map
   keys (a NULL key ends the path early) through MMDB_aget_value. */
static inline int wfp_mmdb_get_value(
    MMDB_entry_s *entry, MMDB_entry_data_s *data, const char *first, const char *second, const char *third)
{
    const char *path[] = { first, second, third, NULL };
    return MMDB_aget_value(entry, data, path);
}
