// verify-prod still imports this from here; it goes when verify-prod moves behind the adapters.
export { sitePackagesOf } from "../ecosystems/pypi/imports/installed-python-modules.js";
