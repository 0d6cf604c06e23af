#!/usr/bin/env bash
# Consumer test for the NuGet packages: pack the libraries (CustomerScoring, .Csv, .Charts, .Interactive, .Parquet, .Sql)
# and the customer-scoring tool (CustomerScoring.Cli) to a temporary folder as a CI build (CI=true: deterministic, source
# paths mapped to /_/), check what a package page and a debugger need in each package (its own README with absolute
# links, icon, MIT licence, repository URL and commit, Source Link, a version from git rather than a fixed one), then
# build and run a fresh console app OUTSIDE the repository (so the repository's Directory.Build.props /
# Directory.Packages.props do not apply) that references CustomerScoring and CustomerScoring.Csv by the exact packed
# version, and check what it prints; finally install the packed tool into a temporary tool path with `dotnet tool
# install` and run it on the bundled CDNOW sample (.ci/tool-test.sh).
# Run from the repository root:  .ci/consumer-test.sh
# Keeps the temporary folder when CONSUMER_TEST_KEEP=1.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

work="$(mktemp -d /tmp/customerscoring-consumer.XXXXXX)"
cleanup() { if [ "${CONSUMER_TEST_KEEP:-0}" != 1 ]; then rm -rf "$work"; else echo "kept $work"; fi; }
trap cleanup EXIT
feed="$work/feed"
app="$work/app"
mkdir -p "$feed" "$app"

# No Directory.Build.props / Directory.Packages.props / global.json / nuget.config may sit above the app.
for f in Directory.Build.props Directory.Build.targets Directory.Packages.props global.json nuget.config NuGet.Config; do
  d="$app"
  while [ "$d" != / ]; do
    if [ -e "$d/$f" ]; then echo "consumer test: $d/$f would leak into the consumer build" >&2; exit 1; fi
    d="$(dirname "$d")"
  done
done

# Zip entry times from the last commit (NuGet 7.9 deterministic pack; Deterministic=true is set in the props), so
# that two packs of one commit are byte-identical when CI=true.
if [ -z "${SOURCE_DATE_EPOCH:-}" ] && epoch="$(git log -1 --format=%ct 2>/dev/null)"; then
  export SOURCE_DATE_EPOCH="$epoch"
fi

ids=(CustomerScoring CustomerScoring.Csv CustomerScoring.Charts CustomerScoring.Interactive CustomerScoring.Parquet CustomerScoring.Sql)
tool=CustomerScoring.Cli   # the customer-scoring command, a .NET tool package (RID-specific ReadyToRun packages and an "any" one)
# Only the projects under src/ are packable (src/Directory.Build.props); everything else inherits IsPackable=false from the
# root props, so `dotnet pack` of the solution packs the libraries alone. Checked here on the project files, so that the pack
# below can build the libraries alone (a solution filter) instead of every test and benchmark project a second time.
packable_elsewhere=$(grep -rlE '<IsPackable>[[:space:]]*true' --include='*.csproj' --include='*.props' --include='*.targets' "$repo" \
  | grep -v "^$repo/src/" | grep -v '/obj/\|/bin/' || true)
if [ -n "$packable_elsewhere" ]; then echo "consumer test: packable projects outside src/: $packable_elsewhere" >&2; exit 1; fi
for id in "${ids[@]}" "$tool"; do
  [ -f "$repo/src/$id/$id.csproj" ] || { echo "consumer test: src/$id/$id.csproj is missing" >&2; exit 1; }
done

echo "== pack (Release, CI build) to $feed"
export CI=true   # ContinuousIntegrationBuild (root Directory.Build.props): deterministic, paths in the PDBs mapped to /_/
{
  printf '{ "solution": { "path": "%s", "projects": [' "$repo/CustomerScoring.sln"
  first=1
  for id in "${ids[@]}" "$tool"; do
    [ "$first" = 1 ] || printf ', '
    printf '"src/%s/%s.csproj"' "$id" "$id"; first=0
  done
  printf '] } }\n'
} > "$work/libraries.slnf"
dotnet pack "$work/libraries.slnf" -c Release -o "$feed" -nologo
# The linux-x64 tool package is Native AOT (src/CustomerScoring.Cli/CustomerScoring.Cli.csproj, CliNativeAot): .NET 10 packs
# an AOT tool's RID package with -r, on that platform, and this replaces the ReadyToRun one the pack above made.
host_rid="$(dotnet --info | sed -n 's/^ *RID: *//p' | head -n 1)"
native_rid=""
if [ "$host_rid" = linux-x64 ]; then
  native_rid=linux-x64
  echo "== pack the $native_rid tool package as Native AOT"
  dotnet pack "$repo/src/$tool/$tool.csproj" -c Release -r "$native_rid" -p:CliNativeAot=true -o "$feed" -nologo
fi
ls -l "$feed"

for id in "${ids[@]}"; do
  n=$(find "$feed" -maxdepth 1 -name "$id.[0-9]*.nupkg" | wc -l)
  s=$(find "$feed" -maxdepth 1 -name "$id.[0-9]*.snupkg" | wc -l)
  if [ "$n" -ne 1 ] || [ "$s" -ne 1 ]; then echo "consumer test: expected one $id .nupkg and .snupkg, found $n and $s" >&2; exit 1; fi
done

core="$(find "$feed" -maxdepth 1 -name 'CustomerScoring.[0-9]*.nupkg' | head -n 1)"
version="$(basename "$core" .nupkg)"
version="${version#CustomerScoring.}"
echo "== packed version $version"

# Version from git tags (MinVer): never the old fixed 0.1.0; X.Y.Z on a commit tagged vX.Y.Z, otherwise a prerelease
# X.Y.Z-alpha.0.<height> (0.2.0-alpha.0.<height> while no tag exists); the assemblies carry it with the commit.
head="$(git -C "$repo" rev-parse HEAD)"
tag="$(git -C "$repo" tag --points-at HEAD --list 'v[0-9]*' | sort -V | tail -n 1)"
if [ "$version" = 0.1.0 ]; then echo "consumer test: version is the old fixed 0.1.0, not from git" >&2; exit 1; fi
if [ -n "$tag" ]; then
  [ "$version" = "${tag#v}" ] || { echo "consumer test: HEAD is tagged $tag but the packages are $version" >&2; exit 1; }
else
  grep -qE '^[0-9]+\.[0-9]+\.[0-9]+-alpha\.0\.[0-9]+$' <<<"$version" \
    || { echo "consumer test: untagged commit, expected a prerelease X.Y.Z-alpha.0.N, got $version" >&2; exit 1; }
  if [ -z "$(git -C "$repo" tag --list 'v[0-9]*')" ]; then
    grep -qE '^0\.2\.0-alpha\.0\.[0-9]+$' <<<"$version" || { echo "consumer test: no tags, expected 0.2.0-alpha.0.N, got $version" >&2; exit 1; }
  fi
fi
repository_url="$(dotnet msbuild "$repo/src/CustomerScoring/CustomerScoring.csproj" -getProperty:RepositoryUrl -nologo)"
echo "== repository $repository_url, commit $head"

# What every package page needs, library or tool: MIT licence, its own README (not the repository's: no dotnet run/test,
# no relative links) with an install line and only absolute links, those into the repository under its URL; the icon;
# the repository URL and commit. Arguments: package file, package id, the install line's pattern (grep -E), the example's
# opening fence.
check_metadata() {
  local pkg="$1" id="$2" install="$3" fence="$4" listing nuspec entry
  listing="$(unzip -l "$pkg")"
  for entry in "README.md" "icon.png" "$id.nuspec"; do
    grep -qF " $entry" <<<"$listing" || { echo "consumer test: $pkg lacks $entry" >&2; exit 1; }
  done
  nuspec="$(unzip -p "$pkg" "$id.nuspec")"
  grep -qF '<license type="expression">MIT</license>' <<<"$nuspec" || { echo "consumer test: $id has no MIT licence expression" >&2; exit 1; }
  grep -qF '<readme>README.md</readme>' <<<"$nuspec" || { echo "consumer test: $id has no readme" >&2; exit 1; }
  grep -qF '<icon>icon.png</icon>' <<<"$nuspec" || { echo "consumer test: $id has no icon" >&2; exit 1; }
  grep -qF "<repository type=\"git\" url=\"$repository_url\"" <<<"$nuspec" || { echo "consumer test: $id has no repository URL $repository_url" >&2; exit 1; }
  grep -qE "<repository type=\"git\"[^>]* commit=\"$head\"" <<<"$nuspec" || { echo "consumer test: $id's repository commit is not HEAD $head" >&2; exit 1; }
  grep -qF "<projectUrl>$repository_url</projectUrl>" <<<"$nuspec" || { echo "consumer test: $id has no project URL" >&2; exit 1; }
  local readme; readme="$(unzip -p "$pkg" README.md)"
  if [ "$readme" = "$(cat "$repo/README.md")" ]; then echo "consumer test: $id ships the repository README" >&2; exit 1; fi
  [ "$readme" = "$(cat "$repo/src/$id/README.md")" ] || { echo "consumer test: $id's README is not src/$id/README.md" >&2; exit 1; }
  grep -qE "^($install)\$" <<<"$readme" || { echo "consumer test: $id's README has no install line" >&2; exit 1; }
  grep -qF "$fence" <<<"$readme" || { echo "consumer test: $id's README has no example ($fence)" >&2; exit 1; }
  local link bad=""
  while read -r link; do
    case "$link" in
      https://www.nuget.org/packages/*|"$repository_url"|"$repository_url"[/#]*) ;;
      *) bad="$bad $link" ;;
    esac
  done < <(grep -oE '\]\([^)]*\)' <<<"$readme" | sed 's/^](\(.*\))$/\1/')
  [ -z "$bad" ] || { echo "consumer test: $id's README links outside the repository URL or relative:$bad" >&2; exit 1; }
  grep -qF "$repository_url/blob/main/" <<<"$readme" || { echo "consumer test: $id's README does not link the docs" >&2; exit 1; }
  cmp -s <(unzip -p "$pkg" icon.png) "$repo/src/icon.png" || { echo "consumer test: $id's icon is not src/icon.png" >&2; exit 1; }
}

# Symbols: Source Link to the repository at this commit, and a deterministic CI build (source paths mapped to /_/).
# Arguments: symbol package, the PDB's path inside it, the package id for messages.
check_symbols() {
  local pdb; pdb="$(unzip -p "$1" "$2" | tr -d '\000')"
  local raw="${repository_url/https:\/\/github.com\//https://raw.githubusercontent.com/}"
  grep -aqF "\"/_/*\":\"$raw/$head/*\"" <<<"$pdb" || { echo "consumer test: $3's $2 has no Source Link to $raw/$head" >&2; exit 1; }
  if grep -aqF "$repo/src" <<<"$pdb"; then echo "consumer test: $3's $2 holds local paths ($repo): not a deterministic CI build" >&2; exit 1; fi
}

# Library package contents: library, XML docs, README; dependencies with versions in the nuspec.
check_pkg() { # id, then required dependency ids
  local id="$1"; shift
  local pkg="$feed/$id.$version.nupkg" listing nuspec dep entry
  check_metadata "$pkg" "$id" "dotnet add package $id|#r \"nuget: $id\"" '```csharp'
  listing="$(unzip -l "$pkg")"
  for entry in "lib/net10.0/$id.dll" "lib/net10.0/$id.xml"; do
    grep -qF " $entry" <<<"$listing" || { echo "consumer test: $pkg lacks $entry" >&2; exit 1; }
  done
  nuspec="$(unzip -p "$pkg" "$id.nuspec")"
  # The assembly's version is the package version with the commit.
  unzip -p "$pkg" "lib/net10.0/$id.dll" | grep -aqF "$version+$head" || { echo "consumer test: $id.dll lacks the informational version $version+$head" >&2; exit 1; }
  check_symbols "$feed/$id.$version.snupkg" "lib/net10.0/$id.pdb" "$id"
  for dep in "$@"; do
    grep -qE "<dependency id=\"$dep\" version=\"[0-9][^\"]*\"" <<<"$nuspec" || { echo "consumer test: $id lacks a versioned dependency on $dep" >&2; exit 1; }
  done
  echo "$id: $(grep -o '<dependency id="[^"]*" version="[^"]*"' <<<"$nuspec" | sed 's/<dependency id="\([^"]*\)" version="\([^"]*\)"/\1 \2/' | paste -sd, -)"
}

check_pkg CustomerScoring MathNet.Numerics System.Numerics.Tensors
check_pkg CustomerScoring.Csv CustomerScoring CsvHelper
check_pkg CustomerScoring.Charts CustomerScoring ScottPlot
check_pkg CustomerScoring.Interactive CustomerScoring.Charts CustomerScoring Microsoft.DotNet.Interactive.Formatting
check_pkg CustomerScoring.Parquet CustomerScoring Parquet.Net
check_pkg CustomerScoring.Sql CustomerScoring DuckDB.NET.Data.Full Npgsql

# The tool: CustomerScoring.Cli is a pointer package (DotnetTool type, the README, no implementation) naming one package per
# runtime: CustomerScoring.Cli.<rid> (ReadyToRun, framework-dependent) for the common platforms and CustomerScoring.Cli.any
# (plain IL, every platform's native libraries) for the rest; `dotnet tool install` picks the one for the machine.
tool_pkg="$feed/$tool.$version.nupkg"
[ -f "$tool_pkg" ] || { echo "consumer test: $tool_pkg was not packed" >&2; exit 1; }
check_metadata "$tool_pkg" "$tool" "dotnet tool install -g $tool" '```sh'
tool_nuspec="$(unzip -p "$tool_pkg" "$tool.nuspec")"
grep -qF '<packageType name="DotnetTool" />' <<<"$tool_nuspec" || { echo "consumer test: $tool is not a DotnetTool package" >&2; exit 1; }
if grep -qF '<dependency ' <<<"$tool_nuspec"; then echo "consumer test: $tool declares package dependencies (a tool carries its own)" >&2; exit 1; fi
tool_settings="$(unzip -p "$tool_pkg" 'tools/any/any/DotnetToolSettings.xml')"
grep -qF 'Command Name="customer-scoring"' <<<"$tool_settings" || { echo "consumer test: $tool's command is not customer-scoring" >&2; exit 1; }
tool_rids="$(grep -oE 'RuntimeIdentifier="[^"]+"' <<<"$tool_settings" | sed 's/RuntimeIdentifier="\(.*\)"/\1/' | paste -sd' ' -)"
for rid in $tool_rids; do
  pkg="$feed/$tool.$rid.$version.nupkg"
  [ -f "$pkg" ] || { echo "consumer test: $tool lists $rid but $pkg was not packed" >&2; exit 1; }
  if [ "$rid" = "$native_rid" ]; then
    # Native AOT: one ELF executable (no customer-scoring.dll, no runtime), carrying the informational version.
    exe="tools/any/$rid/customer-scoring"
    unzip -p "$pkg" "$exe" > "$work/native-exe" 2>/dev/null || true
    [ "$(head -c 4 "$work/native-exe" | tail -c 3)" = ELF ] || { echo "consumer test: $pkg has no native $exe" >&2; exit 1; }
    if unzip -l "$pkg" | grep -E 'customer-scoring\.dll|libcoreclr' > /dev/null; then echo "consumer test: $pkg is not Native AOT (it holds IL or the runtime)" >&2; exit 1; fi
    grep -aF "$version+$head" "$work/native-exe" > /dev/null || { echo "consumer test: $pkg's customer-scoring lacks the informational version $version+$head" >&2; exit 1; }
    check_symbols "$feed/$tool.$rid.$version.snupkg" "tools/any/$rid/CustomerScoring.pdb" "$tool.$rid"
    continue
  fi
  dll="tools/net10.0/$rid/customer-scoring.dll"
  # grep reads it all (no -q): an early exit would kill unzip with SIGPIPE and fail the pipeline under pipefail.
  unzip -p "$pkg" "$dll" | grep -aF "$version+$head" > /dev/null || { echo "consumer test: $pkg's customer-scoring.dll lacks the informational version $version+$head" >&2; exit 1; }
  check_symbols "$feed/$tool.$rid.$version.snupkg" "tools/net10.0/$rid/customer-scoring.pdb" "$tool.$rid"
  if [ "$rid" = any ]; then continue; fi
  # ReadyToRun: the image has a native header, so it is larger than the IL-only build in the "any" package.
  r2r=$(unzip -p "$pkg" "$dll" | wc -c); il=$(unzip -p "$feed/$tool.any.$version.nupkg" "tools/net10.0/any/customer-scoring.dll" | wc -c)
  [ "$r2r" -gt $((il * 3 / 2)) ] || { echo "consumer test: $tool.$rid's customer-scoring.dll ($r2r bytes) is not ReadyToRun (IL build $il bytes)" >&2; exit 1; }
done
grep -qw any <<<"$tool_rids" || { echo "consumer test: $tool has no 'any' package for other platforms (lists $tool_rids)" >&2; exit 1; }
echo "$tool: command customer-scoring, packages for $tool_rids (this machine: $host_rid)"

echo "== consumer app in $app"
# CustomerScoring* come only from the local feed; everything else from nuget.org.
cat > "$app/nuget.config" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
  </packageSources>
  <packageSourceMapping>
    <packageSource key="local">
      <package pattern="CustomerScoring" />
      <package pattern="CustomerScoring.*" />
    </packageSource>
    <packageSource key="nuget.org">
      <package pattern="*" />
    </packageSource>
  </packageSourceMapping>
</configuration>
EOF

cat > "$app/Consumer.csproj" <<EOF
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
    <PackageReference Include="CustomerScoring.Csv" Version="[$version]" />
  </ItemGroup>
  <ItemGroup>
    <None Include="CDNOW_sample.txt" CopyToOutputDirectory="PreserveNewest" />
  </ItemGroup>
</Project>
EOF
cp "$repo/samples/data/CDNOW_sample.txt" "$app/"

cat > "$app/Program.cs" <<'EOF'
using CustomerScoring.Clv;
using CustomerScoring.Concentration;
using CustomerScoring.Csv;
using CustomerScoring.Rfm;
using CustomerScoring.Summaries;
using CustomerScoring.Transactions;

// CDNOW sample: whitespace-aligned, no header; sample customer id, date yyyyMMdd, dollars in columns 1, 2, 4.
var format = new CsvImportOptions
{
    HasHeader = false, Delimiter = CsvDelimiter.Whitespace, TimestampFormats = ["yyyyMMdd"],
    CustomerColumn = CsvColumn.At(1), TimestampColumn = CsvColumn.At(2), AmountColumn = CsvColumn.At(4),
};
CsvImportResult imported = TransactionCsvReader.ReadFile(Path.Combine(AppContext.BaseDirectory, "CDNOW_sample.txt"), format);
CustomerTransactions<string> data = imported.Transactions;
// Calibration period of the CLV literature: up to 1997-09-30, times in weeks.
CustomerSummaries summaries = Summarizer.Summarize(data, new SummaryOptions(new DateOnly(1997, 9, 30)) { TimeUnit = TimeUnit.Week });
RfmResult rfm = RfmScorer.Default.Score(summaries, data.Customers);
var bg = (BgNbdModel)ClvForecast.FitPurchases(summaries, PurchaseModelKind.BgNbd);
ParetoAnalysis pareto = ParetoAnalysis.Analyze(summaries.TotalAmount);

Console.WriteLine($"import: {imported.Report}");
Console.WriteLine($"customers: {summaries.Count}");
Console.WriteLine($"rfm scored: {rfm.Count}, first customer {rfm.CellLabel(0)} {rfm.SegmentOf(0)}");
Console.WriteLine(FormattableString.Invariant($"bgnbd: r={bg.R:F3} alpha={bg.Alpha:F3} a={bg.A:F3} b={bg.B:F3}"));
Console.WriteLine(FormattableString.Invariant($"pareto: top 20% hold {100 * pareto.TopShare(0.2):F1}%, 80% of value from {100 * pareto.CustomerShareFor(0.8):F1}% of customers, gini {pareto.Gini:F3}"));
EOF

echo "== restore, build and run the consumer (NUGET_PACKAGES=$work/packages)"
export NUGET_PACKAGES="$work/packages"
(cd "$app" && dotnet run -c Release) | tee "$work/output.txt"

# The 2,357 CDNOW customers, and the published BG/NBD fit (r 0.243, alpha 4.414, a 0.793, b 2.426).
grep -qx 'customers: 2357' "$work/output.txt" || { echo "consumer test: expected 2357 customers" >&2; exit 1; }
grep -qx 'rfm scored: 2357.*' "$work/output.txt" || { echo "consumer test: expected 2357 RFM scores" >&2; exit 1; }
grep -qE '^bgnbd: r=0\.24[0-9] alpha=4\.4[0-9]{2} a=0\.79[0-9] b=2\.4[0-9]{2}$' "$work/output.txt" \
  || { echo "consumer test: BG/NBD parameters differ from the published r 0.243, alpha 4.414, a 0.793, b 2.426" >&2; exit 1; }
grep -qE '^pareto: top 20% hold [0-9.]+%' "$work/output.txt" || { echo "consumer test: no 80/20 line" >&2; exit 1; }
# The packages must have come from the local feed, not from a cache.
for id in CustomerScoring CustomerScoring.Csv; do
  lower="$(tr '[:upper:]' '[:lower:]' <<<"$id")"
  cmp -s "$feed/$id.$version.nupkg" "$NUGET_PACKAGES/$lower/$version/$lower.$version.nupkg" \
    || { echo "consumer test: $id $version in $NUGET_PACKAGES is not the package just packed" >&2; exit 1; }
done
echo "consumer test: passed (CustomerScoring $version)"

echo "== the README's developer example against the packed packages"
bash "$repo/.ci/readme-example-test.sh" "$feed" "$version"

echo "== the customer-scoring tool: dotnet tool install from the feed into a temporary tool path, run on the CDNOW sample"
# NUGET_PACKAGES is the fresh cache above, and every commit packs a new version (MinVer height, -local on a tagged commit
# packed locally), so the tool installed is the one just packed; its --version (version+commit) proves it.
tools="$work/tools"
(cd "$work" && dotnet tool install --tool-path "$tools" --add-source "$feed" "$tool" --version "$version")
cs="$tools/customer-scoring"
got="$("$cs" --version)"
[ "$got" = "customer-scoring $version+$head" ] || { echo "consumer test: the installed tool says '$got', not customer-scoring $version+$head" >&2; exit 1; }
if [ -n "$host_rid" ] && grep -qw "$host_rid" <<<"$tool_rids"; then
  installed="$(find "$tools/.store" -path "*/$(tr '[:upper:]' '[:lower:]' <<<"$tool").$host_rid/$version/*" -type f -name 'customer-scoring*')"
  if [ "$host_rid" = "$native_rid" ]; then
    grep -q '/customer-scoring$' <<<"$installed" && ! grep -q 'customer-scoring\.dll$' <<<"$installed" \
      || { echo "consumer test: the tool installed is not the $host_rid Native AOT package" >&2; exit 1; }
  else
    grep -q 'customer-scoring\.dll$' <<<"$installed" || { echo "consumer test: the tool installed is not the $host_rid ReadyToRun package" >&2; exit 1; }
  fi
fi
cp "$repo/samples/data/CDNOW_sample.txt" "$work/cdnow.txt"
set +e
"$cs" --input "$work/cdnow.txt" --no-header --delimiter whitespace --customer-column 1 --date-column 2 --amount-column 4 \
  --date-format yyyyMMdd --period day --time-unit week --analysis-date 1997-09-30 \
  --output "$work/scorecard.csv" --summary "$work/summary.json" > "$work/tool-output.txt" 2> "$work/tool-error.txt"
status=$?
set -e
head -n 12 "$work/tool-output.txt"
[ "$status" -eq 0 ] || { cat "$work/tool-error.txt" >&2; echo "consumer test: customer-scoring exited $status on the CDNOW sample" >&2; exit 1; }
# Up to 1997-09-30 the sample holds the 2,357 customers and 4,863 transactions of the CLV literature, and the BG/NBD fit in
# weeks is the published one (r 0.243, alpha 4.414, a 0.793, b 2.426).
grep -qE '^Customers: +2,357$' "$work/tool-output.txt" || { echo "consumer test: the tool did not report 2,357 customers" >&2; exit 1; }
for p in 'r +0\.24[0-9]+ ' 'alpha +4\.4[0-9]+ ' 'a +0\.79[0-9]+ ' 'b +2\.4[0-9]+ '; do
  grep -qE "^    $p" "$work/tool-output.txt" || { echo "consumer test: the tool's BG/NBD fit differs from the published r 0.243, alpha 4.414, a 0.793, b 2.426 ($p)" >&2; exit 1; }
done
[ "$(wc -l < "$work/scorecard.csv")" -eq 2358 ] || { echo "consumer test: the tool's scorecard has not 2,357 rows and a header" >&2; exit 1; }
grep -q '"customers": *2357' "$work/summary.json" || { echo "consumer test: the tool's summary JSON lacks the customer count" >&2; exit 1; }
# A usage mistake: exit 2 and one line in the words of the flags.
set +e
"$cs" --input "$work/cdnow.txt" --bins 11 > /dev/null 2> "$work/tool-error.txt"
status=$?
set -e
[ "$status" -eq 2 ] && grep -q -- '--bins' "$work/tool-error.txt" || { echo "consumer test: --bins 11 gave exit $status: $(cat "$work/tool-error.txt")" >&2; exit 1; }
if [ "$host_rid" = "$native_rid" ]; then
  # The Native AOT command against the JIT build of the same commit (dotnet run, Release): byte-identical scorecards,
  # report and summary JSON on the CDNOW sample, a Parquet file written by Arrow C++ (rows with null ids skipped) and a
  # DuckDB database file, the inputs whose libraries report AOT warnings (see the csproj).
  echo "== the Native AOT tool against the JIT build: CDNOW CSV, Parquet, DuckDB"
  jit=(dotnet run --project "$repo/src/$tool" -c Release --no-build --)
  cdnow_args=(--no-header --delimiter whitespace --customer-column 1 --date-column 2 --amount-column 4 --date-format yyyyMMdd
    --period day --time-unit week --analysis-date 1997-09-30)
  awk 'BEGIN { print "customer_id,timestamp,amount" } { sub(/\r$/, ""); printf "%s,%s-%s-%s,%s\n", $1, substr($3, 1, 4), substr($3, 5, 2), substr($3, 7, 2), $5 }' \
    "$work/cdnow.txt" > "$work/cdnow.csv"
  (cd "$repo" && dotnet run .ci/make-duckdb.cs -- "$work/cdnow.duckdb" "$work/cdnow.csv")
  compare_native() { # name, then the command's arguments (without --output / --summary)
    local name="$1"; shift
    "$cs" "$@" --output "$work/$name-aot.csv" --summary "$work/$name-aot.json" > "$work/$name-aot.txt" 2>&1 \
      || { cat "$work/$name-aot.txt" >&2; echo "consumer test: the AOT tool failed on $name" >&2; exit 1; }
    "${jit[@]}" "$@" --output "$work/$name-jit.csv" --summary "$work/$name-jit.json" > "$work/$name-jit.txt" 2>&1 \
      || { cat "$work/$name-jit.txt" >&2; echo "consumer test: the JIT build failed on $name" >&2; exit 1; }
    cmp "$work/$name-aot.csv" "$work/$name-jit.csv" || { echo "consumer test: the AOT tool's $name scorecard differs from the JIT build's" >&2; exit 1; }
    diff <(sed "s#$work/$name-aot#OUT#g" "$work/$name-aot.txt") <(sed "s#$work/$name-jit#OUT#g" "$work/$name-jit.txt") \
      || { echo "consumer test: the AOT tool's $name report differs from the JIT build's" >&2; exit 1; }
    diff <(sed "s#$work/$name-aot#OUT#g" "$work/$name-aot.json") <(sed "s#$work/$name-jit#OUT#g" "$work/$name-jit.json") \
      || { echo "consumer test: the AOT tool's $name summary differs from the JIT build's" >&2; exit 1; }
    echo "  $name: $(wc -l < "$work/$name-aot.csv") scorecard lines, identical"
  }
  compare_native cdnow --input "$work/cdnow.txt" "${cdnow_args[@]}"
  compare_native parquet --input "$repo/tests/CustomerScoring.Tests/data/parquet/arrow-cpp-1000.parquet" --on-error skip
  compare_native duckdb --db duckdb --connection "$work/cdnow.duckdb" --table sales
fi
echo "consumer test: the customer-scoring tool $version installs with dotnet tool install and scores the CDNOW sample"
