/*
 * names_int.h - one name per person across the corpus (core-only).
 */
#ifndef CHRONICLE_NAMES_INT_H
#define CHRONICLE_NAMES_INT_H

#include <stddef.h>

#include "chronicle/event.h"

/* "Meng" in one mention is the "Meng Wanzhou" another names in full,
 * when exactly one person's full name among the mentions ms[0..nms)
 * begins or ends with that word (two or three words, the last no WordNet
 * common noun; never a country).  Actors stay sorted and unique.  0 or
 * CHR_ENOMEM. */
int chr_names_canonical(chr_mention *ms, size_t nms);

#endif
