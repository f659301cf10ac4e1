"""Generate the SDK's typed models from the API's one OpenAPI document.

    .venv/bin/python sdks/python/generate_models.py           # write models/_generated.py
    .venv/bin/python sdks/python/generate_models.py --check   # exit 1 when it is stale

The document is the committed `libs/fluxrate_common/src/fluxrate_common/openapi.json` (itself
kept current with the code by a test). Models accept fields they do not know, so an SDK built
from an older document keeps working when the API adds fields.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DOCUMENT = ROOT / "libs" / "fluxrate_common" / "src" / "fluxrate_common" / "openapi.json"
OUTPUT = HERE / "src" / "fluxrate" / "models" / "_generated.py"
HEADER = ("# Generated from the API's OpenAPI document by `make sdk-models`; do not edit.\n"
          "# ruff: noqa")
OPTIONS = [
    "--input-file-type", "openapi",
    "--output-model-type", "pydantic_v2.BaseModel",
    # Python 3.9 runs these models: pydantic evaluates annotations, so no `X | Y` unions.
    "--target-python-version", "3.10", "--no-use-union-operator", "--use-standard-collections",
    "--extra-fields", "allow",
    "--enum-field-as-literal", "all",
    "--collapse-root-models",
    "--use-schema-description",
    "--type-mappings", "email=string",  # no email-validator dependency for users
    "--disable-timestamp", "--use-double-quotes",
    "--custom-file-header", HEADER,
    "--formatters", "ruff-format",
]


def generate() -> str:
    with tempfile.TemporaryDirectory() as workdir:
        target = Path(workdir) / "models.py"
        subprocess.run([str(Path(sys.executable).parent / "datamodel-codegen"), "--input",
                        str(DOCUMENT), "--output", str(target), *OPTIONS], check=True)
        return target.read_text()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the committed models are stale")
    args = parser.parse_args()
    fresh = generate()
    if args.check:
        if OUTPUT.read_text() != fresh:
            print(f"{OUTPUT} is stale: run `make sdk-models` and commit the result", file=sys.stderr)
            return 1
        return 0
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(fresh)
    print(f"wrote {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
