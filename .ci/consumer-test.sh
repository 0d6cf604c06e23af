#!/usr/bin/env bash
# Consumer test for the NuGet packages: pack CustomerScoring, CustomerScoring.Csv and CustomerScoring.Charts to a
# temporary folder, then build and run a fresh console app OUTSIDE the repository (so the repository's
# Directory.Build.props / Directory.Packages.props do not apply) that references CustomerScoring and
# CustomerScoring.Csv by the exact packed version, and check what it prints.
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

echo "== pack (Release) to $feed"
dotnet pack "$repo/CustomerScoring.sln" -c Release -o "$feed" -nologo
ls -l "$feed"

for id in CustomerScoring CustomerScoring.Csv CustomerScoring.Charts; do
  n=$(find "$feed" -maxdepth 1 -name "$id.[0-9]*.nupkg" | wc -l)
  s=$(find "$feed" -maxdepth 1 -name "$id.[0-9]*.snupkg" | wc -l)
  if [ "$n" -ne 1 ] || [ "$s" -ne 1 ]; then echo "consumer test: expected one $id .nupkg and .snupkg, found $n and $s" >&2; exit 1; fi
done
extra=$(find "$feed" -maxdepth 1 -name '*.nupkg' ! -name 'CustomerScoring.[0-9]*' ! -name 'CustomerScoring.Csv.[0-9]*' ! -name 'CustomerScoring.Charts.[0-9]*')
if [ -n "$extra" ]; then echo "consumer test: non-library projects were packed: $extra" >&2; exit 1; fi

core="$(find "$feed" -maxdepth 1 -name 'CustomerScoring.[0-9]*.nupkg' | head -n 1)"
version="$(basename "$core" .nupkg)"
version="${version#CustomerScoring.}"
echo "== packed version $version"

# Package contents: library, XML docs, README; dependencies with versions in the nuspec.
check_pkg() { # id, then required dependency ids
  local id="$1"; shift
  local pkg="$feed/$id.$version.nupkg" listing nuspec dep
  listing="$(unzip -l "$pkg")"
  for entry in "lib/net10.0/$id.dll" "lib/net10.0/$id.xml" "README.md" "$id.nuspec"; do
    grep -qF " $entry" <<<"$listing" || { echo "consumer test: $pkg lacks $entry" >&2; exit 1; }
  done
  nuspec="$(unzip -p "$pkg" "$id.nuspec")"
  grep -qF '<license type="expression">MIT</license>' <<<"$nuspec" || { echo "consumer test: $id has no MIT licence expression" >&2; exit 1; }
  grep -qF '<readme>README.md</readme>' <<<"$nuspec" || { echo "consumer test: $id has no readme" >&2; exit 1; }
  grep -qE '<repository type="git"[^>]* commit="[0-9a-f]{40}"' <<<"$nuspec" || { echo "consumer test: $id has no repository commit" >&2; exit 1; }
  for dep in "$@"; do
    grep -qE "<dependency id=\"$dep\" version=\"[0-9][^\"]*\"" <<<"$nuspec" || { echo "consumer test: $id lacks a versioned dependency on $dep" >&2; exit 1; }
  done
  echo "$id: $(grep -o '<dependency id="[^"]*" version="[^"]*"' <<<"$nuspec" | sed 's/<dependency id="\([^"]*\)" version="\([^"]*\)"/\1 \2/' | paste -sd, -)"
}
check_pkg CustomerScoring MathNet.Numerics System.Numerics.Tensors
check_pkg CustomerScoring.Csv CustomerScoring CsvHelper
check_pkg CustomerScoring.Charts CustomerScoring ScottPlot

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
