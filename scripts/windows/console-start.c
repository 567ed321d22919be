/* Test-only (scripts/windows-installer-test.sh): starts the command line after its own name
 * the way Windows' cmd.exe starts a GUI program: with no standard handles, so the program
 * must attach to the console itself (src-tauri/src/windows.rs `attach_console`). Wine would
 * otherwise hand a GUI child its parent's handles, which real Windows does not. Waits and
 * returns the program's exit code. Never shipped. */
#include <windows.h>
#include <wchar.h>

int wmain(void) {
  STARTUPINFOW si = { sizeof si };
  PROCESS_INFORMATION pi;
  DWORD rc = 1;
  wchar_t *line = GetCommandLineW();
  /* Skip this program's own name (quoted or not) and the blanks after it. */
  if (*line == L'"') { line = wcschr(line + 1, L'"'); line = line ? line + 1 : L""; }
  else { while (*line && *line != L' ') line++; }
  while (*line == L' ') line++;
  si.dwFlags = STARTF_USESTDHANDLES; /* stdin, stdout, stderr: none */
  if (!CreateProcessW(NULL, line, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi)) return 125;
  WaitForSingleObject(pi.hProcess, INFINITE);
  GetExitCodeProcess(pi.hProcess, &rc);
  return (int)rc;
}
