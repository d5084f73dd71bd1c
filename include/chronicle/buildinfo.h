/*
 * buildinfo.h - what this build is: its version and the versions of the
 * libraries the core uses, for --version and the daemon's build-info
 * metric.  Every returned string is static: never freed, never changed.
 */
#ifndef CHRONICLE_BUILDINFO_H
#define CHRONICLE_BUILDINFO_H

#include <stddef.h>

/* The version of this build, such as "1.2", "1.2-5-g1a2b3c4" (five
 * commits after the tag v1.2) or "0.0-124-g1a2b3c4-dirty": `git describe`
 * when it was built, or the VERSION file of a release tarball.  Written by
 * the Makefile into a generated file; never NULL. */
const char *chr_build_version(void);

/* The libraries the core calls, in a fixed order: jansson, libical, zlib.
 * chr_build_library(i, ver, cap) for i below CHR_BUILD_LIBRARIES returns
 * the name of library i and writes its version into ver[0..cap) (cut to
 * fit, always terminated); NULL for any other i.  jansson and zlib as they
 * report themselves at run time (a newer shared library says so), libical
 * as it was compiled against (it has no run-time version call). */
#define CHR_BUILD_LIBRARIES 3u
const char *chr_build_library(unsigned i, char *ver, size_t cap);

#endif
