/* buildinfo.c - the versions of the libraries behind the core. */
#include <stdio.h>

#include <jansson.h>
#include <libical/ical.h>
#include <zlib.h>

#include "chronicle/buildinfo.h"

const char *chr_build_library(unsigned i, char *ver, size_t cap)
{
    static const char *const names[CHR_BUILD_LIBRARIES] = {"jansson", "libical", "zlib"};
    if (i >= CHR_BUILD_LIBRARIES || ver == NULL || cap == 0)
        return NULL;
    switch (i) {
    case 0:
        snprintf(ver, cap, "%s", jansson_version_str());
        break;
    case 1:
        snprintf(ver, cap, "%d.%d.%d", ICAL_MAJOR_VERSION, ICAL_MINOR_VERSION,
                 ICAL_PATCH_VERSION);
        break;
    default:
        snprintf(ver, cap, "%s", zlibVersion());
        break;
    }
    return names[i];
}
