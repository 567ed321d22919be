/* For the tests under Wine only, never shipped: Wine 8.0 lacks bcryptprimitives.dll, whose
 * ProcessPrng Rust's std imports for Windows, so no Rust program would load. Real Windows
 * 10/11 has the DLL. Built by scripts/wine-env.sh into the test Wine prefix's system32. */
#include <windows.h>
#include <ntsecapi.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    return RtlGenRandom(data, (ULONG)len);
}
