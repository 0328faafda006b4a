"""Copy the front-end files Warta serves from node_modules into cms/static/vendor/.

The list lives in package.json under "warta.vendor" (package file -> vendor path), so the
lockfile pins what is copied and nothing third-party is committed.
"""

from __future__ import annotations

import json
import logging
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "cms" / "static" / "vendor"

logger = logging.getLogger("vendor_assets")


def main() -> int:
    manifest = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    wanted = manifest.get("warta", {}).get("vendor", {})
    VENDOR.mkdir(parents=True, exist_ok=True)
    for source, target in wanted.items():
        origin = ROOT / "node_modules" / source
        if not origin.exists():
            logger.error("missing %s: run `npm ci` first", origin)
            return 1
        destination = VENDOR / target
        if origin.is_dir():
            shutil.copytree(origin, destination, dirs_exist_ok=True)
        else:
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(origin, destination)
    (VENDOR / ".stamp").write_text("\n".join(sorted(wanted.values())), encoding="utf-8")
    return 0


if __name__ == "__main__":
    logging.basicConfig(format="%(name)s: %(message)s")
    sys.exit(main())
