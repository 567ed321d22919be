; Fælles Team's Windows installer (NSIS 3, makensis; built by scripts/windows-build.sh, which
; passes VERSION, APP_DIR (the release exe and WebView2Loader.dll), ICON, SIZE_KB and OUT_FILE).
;
; - Per user: no administrator (RequestExecutionLevel user), into
;   %LOCALAPPDATA%\Programs\Fælles Team (the place Windows itself suggests for per-user apps).
; - A Start-menu entry «Fælles Team» (the user's own Start menu), with the app's icon.
; - An uninstaller registered under HKCU (Indstillinger → Apps): it removes the program and
;   the Start-menu entry, never the data (%LOCALAPPDATA%\Faelles Team\faelles-team\data) or
;   the exported PDFs (Documents\Fælles Team).
; - Danish texts (NSIS's own Danish language file); silent with /S.
; - Ships WebView2Loader.dll (the GNU build loads WebView2 through it), nothing else: the
;   WebView2 runtime itself is part of Windows 11 (the app says so where it is missing).

Unicode true
Target amd64-unicode
SetCompressor /SOLID lzma
ManifestDPIAware true
RequestExecutionLevel user

!define NAME "Fælles Team"
!define EXE "faelles-team.exe"
!define UNINSTALLER "Afinstaller Fælles Team.exe"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\FaellesTeam"

Name "${NAME}"
OutFile "${OUT_FILE}"
InstallDir "$LOCALAPPDATA\Programs\${NAME}"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "${NAME} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=1030 "ProductName" "${NAME}"
VIAddVersionKey /LANG=1030 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1030 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1030 "FileDescription" "Installationsprogram til ${NAME}"
VIAddVersionKey /LANG=1030 "LegalCopyright" "MIT-licens"

!include "MUI2.nsh"
!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "Start ${NAME} nu"

!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Danish"

; A running Fælles Team keeps its exe open: ask to close it first (it saves what is typed as it
; closes). Silent (/S): give up instead of asking.
!macro CLOSE_APP_FIRST un
Function ${un}CloseAppFirst
  retry:
  IfFileExists "$INSTDIR\${EXE}" 0 done
  ClearErrors
  FileOpen $0 "$INSTDIR\${EXE}" a
  IfErrors 0 free
  MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "${NAME} kører. Luk programmet (det gemmer det, du har skrevet), og vælg Prøv igen." /SD IDCANCEL IDRETRY retry
  Abort "${NAME} kører stadig."
  free:
  FileClose $0
  done:
FunctionEnd
!macroend
!insertmacro CLOSE_APP_FIRST ""
!insertmacro CLOSE_APP_FIRST "un."

Section "${NAME}" main
  SectionIn RO
  SetShellVarContext current
  Call CloseAppFirst
  SetOutPath "$INSTDIR"
  File "${APP_DIR}/${EXE}"
  File "${APP_DIR}/WebView2Loader.dll"
  WriteUninstaller "$INSTDIR\${UNINSTALLER}"
  CreateShortcut "$SMPROGRAMS\${NAME}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0 \
    SW_SHOWNORMAL "" "Fælles Team-møder med borgerens egen skærm"

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${EXE},0"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\${UNINSTALLER}"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\${UNINSTALLER}" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" "${SIZE_KB}"
SectionEnd

; Removes exactly what the installer put there; the folder only if nothing else is left in it.
; The data folder and the exports are elsewhere and are never touched.
Section "Uninstall"
  SetShellVarContext current
  Call un.CloseAppFirst
  Delete "$SMPROGRAMS\${NAME}.lnk"
  Delete "$INSTDIR\${EXE}"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\${UNINSTALLER}"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
SectionEnd
