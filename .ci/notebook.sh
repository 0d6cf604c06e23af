#!/usr/bin/env bash
# The analyst notebook in a real kernel: installs what it needs when missing (Debian's Jupyter packages, the .NET Interactive
# kernel as a dotnet tool and its Jupyter kernelspec), packs the four libraries to a temporary feed, and executes
# samples/analyst/tour.ipynb in the .NET (C#) kernel against that exact version (.ci/notebook-run.py: nbclient, the engine of
# `jupyter nbconvert --execute`). Any cell error fails, and so does a missing HTML table or inline chart.
# Run from anywhere:  .ci/notebook.sh      Keeps the temporary folder (feed, executed notebook) when NOTEBOOK_KEEP=1.
# Installing needs root (apt-get) the first time on a machine; later runs only check.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export PYDEVD_DISABLE_FILE_VALIDATION=1   # Debian's debugpy warns about frozen modules on every kernel start otherwise
interactive_version=1.0.712001            # Microsoft.dotnet-interactive: the kernel; it loads Microsoft.DotNet.Interactive 1.0.0-beta.26120.1
python=/usr/bin/python3                   # Debian's Python, where the Debian Jupyter packages live (not a pyenv/venv python)

work="$(mktemp -d /tmp/customerscoring-notebook.XXXXXX)"
cleanup() { if [ "${NOTEBOOK_KEEP:-0}" != 1 ]; then rm -rf "$work"; else echo "kept $work"; fi; }
trap cleanup EXIT

timings=()
step_start=0
begin() { echo "== notebook: $1"; step_name="$1"; step_start=$SECONDS; }
end() { timings+=("$step_name: $((SECONDS - step_start)) s"); }

begin "Jupyter (Debian packages)"
if ! "$python" -c 'import nbformat, nbclient, jupyter_client' 2>/dev/null || ! command -v jupyter >/dev/null; then
  packages=(jupyter-nbconvert python3-nbclient jupyter-client)
  as_root=(); [ "$(id -u)" -eq 0 ] || as_root=(sudo -n)
  if ! apt-cache policy python3-nbclient | grep -q 'Candidate: [0-9]'; then
    "${as_root[@]}" apt-get update -q
  fi
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -q --no-install-recommends "${packages[@]}"
fi
"$python" -c 'import nbclient, nbformat; print("nbclient", nbclient.__version__, "nbformat", nbformat.__version__)'
end

begin ".NET Interactive kernel $interactive_version (dotnet tool) and its kernelspec"
tools="${DOTNET_TOOLS_PATH:-$HOME/.dotnet/tools}"
export PATH="$PATH:$tools"   # the kernelspec runs `dotnet interactive`, which finds dotnet-interactive on PATH
installed="$(dotnet tool list -g | awk 'tolower($1) == "microsoft.dotnet-interactive" { print $2 }')"
if [ "$installed" != "$interactive_version" ]; then
  if [ -z "$installed" ]; then
    dotnet tool install -g Microsoft.dotnet-interactive --version "$interactive_version"
  else
    dotnet tool update -g Microsoft.dotnet-interactive --version "$interactive_version" --allow-downgrade
  fi
fi
if ! "$python" -c 'import sys; from jupyter_client.kernelspec import KernelSpecManager; sys.exit(".net-csharp" not in KernelSpecManager().find_kernel_specs())'; then
  dotnet interactive jupyter install
fi
end

begin "pack the libraries to $work/feed"
# A CI build as in the consumer test (so after it this pack rebuilds nothing), zip entry times from the last commit.
export CI=true
if [ -z "${SOURCE_DATE_EPOCH:-}" ] && epoch="$(git log -1 --format=%ct 2>/dev/null)"; then
  export SOURCE_DATE_EPOCH="$epoch"
fi
# Only the four packable libraries (a solution filter), not the tests and benchmarks.
cat > "$work/packages.slnf" <<EOF
{ "solution": { "path": "$repo/CustomerScoring.sln", "projects": [
  "src/CustomerScoring/CustomerScoring.csproj", "src/CustomerScoring.Csv/CustomerScoring.Csv.csproj",
  "src/CustomerScoring.Charts/CustomerScoring.Charts.csproj", "src/CustomerScoring.Interactive/CustomerScoring.Interactive.csproj" ] } }
EOF
dotnet pack "$work/packages.slnf" -c Release -o "$work/feed" -nologo -v q
core="$(find "$work/feed" -maxdepth 1 -name 'CustomerScoring.[0-9]*.nupkg' | head -n 1)"
version="$(basename "$core" .nupkg)"; version="${version#CustomerScoring.}"
for id in CustomerScoring.Csv CustomerScoring.Charts CustomerScoring.Interactive; do
  [ -f "$work/feed/$id.$version.nupkg" ] || { echo "notebook: $id $version was not packed" >&2; exit 1; }
done
echo "packed version $version"
end

begin "execute samples/analyst/tour.ipynb in the .NET (C#) kernel"
# A fresh package cache: a version can repeat across branches (same commit height) or local re-packs, and the kernel must
# load exactly the packages just packed.
NUGET_PACKAGES="$work/packages" "$python" .ci/notebook-run.py samples/analyst/tour.ipynb "$work/feed" "$version" "$work/tour.executed.ipynb"
end

echo "== notebook: step timings"
printf '  %s\n' "${timings[@]}"
