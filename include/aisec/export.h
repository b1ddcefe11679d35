/* export.h - symbol visibility: only aisec_ symbols leave the library. */
#ifndef AISEC_EXPORT_H
#define AISEC_EXPORT_H

#if defined(AISEC_BUILDING) && defined(__GNUC__)
#define AISEC_API __attribute__((visibility("default")))
#else
#define AISEC_API
#endif

#if defined(__GNUC__)
#define AISEC_WUR __attribute__((warn_unused_result))
#else
#define AISEC_WUR
#endif

#endif
