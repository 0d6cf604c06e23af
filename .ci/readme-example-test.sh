#!/usr/bin/env bash
# The README's developer example, run as a user would: a fresh console app outside the repository that references the
# packed packages only (feed and version from .ci/consumer-test.sh), whose output must equal the README's "Output:" block.
# Usage: .ci/readme-example-test.sh FEED VERSION
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
feed="$1"; version="$2"
work="$(mktemp -d /tmp/customerscoring-readme.XXXXXX)"
trap 'rm -rf "$work"' EXIT
app="$work/app"; mkdir -p "$app"

python3 - "$repo/README.md" "$app/Program.cs" "$work/expected.txt" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r"<!-- developer-example[^>]*-->\s*```csharp\n(.*?)```\s*Output:\s*```text\n(.*?)```", text, re.S)
if not m:
    sys.exit("readme example test: the developer example (marker, csharp block, Output: text block) was not found in README.md")
open(sys.argv[2], "w", encoding="utf-8").write(m.group(1))
open(sys.argv[3], "w", encoding="utf-8").write(m.group(2))
PY

cat > "$app/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
  </packageSources>
  <packageSourceMapping>
    <packageSource key="local"><package pattern="CustomerScoring" /><package pattern="CustomerScoring.*" /></packageSource>
    <packageSource key="nuget.org"><package pattern="*" /></packageSource>
  </packageSourceMapping>
</configuration>
XML
cat > "$app/ReadmeExample.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
    <InvariantGlobalization>true</InvariantGlobalization>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="CustomerScoring" Version="[$version]" />
  </ItemGroup>
</Project>
XML
export NUGET_PACKAGES="$work/packages"
(cd "$app" && dotnet run -c Release) > "$work/actual.txt"
if ! diff -u "$work/expected.txt" "$work/actual.txt"; then
  echo "readme example test: the README's developer example printed something else than its Output block (diff above)" >&2
  exit 1
fi
echo "readme example test: passed (CustomerScoring $version, $(wc -l < "$work/actual.txt") lines as in the README)"
