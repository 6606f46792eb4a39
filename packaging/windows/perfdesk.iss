; Inno Setup script: a per-user PerfDesk installer (no administrator rights).
;   iscc /DAppVersion=0.1.0 /DSourceDir=..\..\build\dist\perfdesk packaging\windows\perfdesk.iss
; Output: build\installer\PerfDesk-<version>-setup.exe
#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\build\dist\perfdesk"
#endif

[Setup]
AppId={{6E0B7C52-6F1B-4C7B-9A4E-5C1E2B7A9D10}
AppName=PerfDesk 预算绩效管理
AppVersion={#AppVersion}
AppPublisher=PerfDesk
DefaultDirName={localappdata}\Programs\PerfDesk
DefaultGroupName=PerfDesk 预算绩效管理
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\build\installer
OutputBaseFilename=PerfDesk-{#AppVersion}-setup
SetupIconFile=perfdesk.ico
UninstallDisplayIcon={app}\perfdesk-gui.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Languages]
; ChineseSimplified ships with Inno Setup 6.3+ (Languages\ChineseSimplified.isl)
Name: "chs"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Tasks]
Name: "desktopicon"; Description: "在桌面创建快捷方式"; GroupDescription: "附加任务："

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{userprograms}\PerfDesk 预算绩效管理"; Filename: "{app}\perfdesk-gui.exe"
Name: "{userdesktop}\PerfDesk 预算绩效管理"; Filename: "{app}\perfdesk-gui.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\perfdesk-gui.exe"; Description: "启动 PerfDesk"; Flags: nowait postinstall skipifsilent
