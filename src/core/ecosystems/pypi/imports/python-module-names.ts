import { normalisePypiName } from "../names.js";
import stdlib from "./python-stdlib-modules.json" with { type: "json" };

const STDLIB = new Set(stdlib.modules);

/** Whether a top-level module ships with Python (scripts/generate-python-stdlib-modules.py). */
export function isPythonStdlib(module: string): boolean {
  return STDLIB.has(topLevelModule(module));
}

/** `a.b.c` → `a`. */
export function topLevelModule(module: string): string {
  const dot = module.indexOf(".");
  return dot < 0 ? module : module.slice(0, dot);
}

/**
 * Import names that differ from the distribution that provides them, for projects without an
 * installed environment to read metadata from. Dotted keys cover namespace packages. Values are
 * distribution names; several are listed where more than one distribution provides the module.
 */
const KNOWN_MODULES: Record<string, readonly string[]> = {
  yaml: ["PyYAML"],
  PIL: ["Pillow"],
  bs4: ["beautifulsoup4"],
  sklearn: ["scikit-learn"],
  skimage: ["scikit-image"],
  cv2: ["opencv-python", "opencv-python-headless", "opencv-contrib-python", "opencv-contrib-python-headless"],
  dateutil: ["python-dateutil"],
  jwt: ["PyJWT"],
  Crypto: ["pycryptodome"],
  Cryptodome: ["pycryptodomex"],
  OpenSSL: ["pyOpenSSL"],
  nacl: ["PyNaCl"],
  "google.protobuf": ["protobuf"],
  "google.auth": ["google-auth"],
  "google.oauth2": ["google-auth"],
  "google.api_core": ["google-api-core"],
  "google.cloud.storage": ["google-cloud-storage"],
  "google.cloud.bigquery": ["google-cloud-bigquery"],
  "google.cloud.pubsub": ["google-cloud-pubsub"],
  "google.cloud.pubsub_v1": ["google-cloud-pubsub"],
  "google.cloud.firestore": ["google-cloud-firestore"],
  "google.cloud.secretmanager": ["google-cloud-secret-manager"],
  "google.cloud.logging": ["google-cloud-logging"],
  "google.cloud.tasks": ["google-cloud-tasks"],
  "google.cloud.kms": ["google-cloud-kms"],
  "google.cloud.errorreporting": ["google-cloud-error-reporting"],
  googleapiclient: ["google-api-python-client"],
  grpc: ["grpcio"],
  attr: ["attrs"],
  dotenv: ["python-dotenv"],
  magic: ["python-magic"],
  multipart: ["python-multipart"],
  slugify: ["python-slugify"],
  jose: ["python-jose"],
  socketio: ["python-socketio"],
  engineio: ["python-engineio"],
  telegram: ["python-telegram-bot"],
  docx: ["python-docx"],
  pptx: ["python-pptx"],
  ldap: ["python-ldap"],
  Levenshtein: ["python-Levenshtein", "Levenshtein"],
  serial: ["pyserial"],
  usb: ["pyusb"],
  zmq: ["pyzmq"],
  psycopg2: ["psycopg2", "psycopg2-binary"],
  MySQLdb: ["mysqlclient"],
  pymysql: ["PyMySQL"],
  ruamel: ["ruamel.yaml"],
  "ruamel.yaml": ["ruamel.yaml"],
  win32api: ["pywin32"],
  win32con: ["pywin32"],
  pythoncom: ["pywin32"],
  pkg_resources: ["setuptools"],
  setuptools: ["setuptools"],
  _cffi_backend: ["cffi"],
  Xlib: ["python-xlib"],
  OpenGL: ["PyOpenGL"],
  gi: ["PyGObject"],
  wx: ["wxPython"],
  fitz: ["PyMuPDF"],
  markdown: ["Markdown"],
  jinja2: ["Jinja2"],
  markupsafe: ["MarkupSafe"],
  werkzeug: ["Werkzeug"],
  flask: ["Flask"],
  sqlalchemy: ["SQLAlchemy"],
  mpl_toolkits: ["matplotlib"],
  pylab: ["matplotlib"],
  tensorflow: ["tensorflow", "tensorflow-cpu", "tensorflow-gpu"],
  faiss: ["faiss-cpu", "faiss-gpu"],
  kafka: ["kafka-python"],
  consul: ["python-consul"],
  memcache: ["python-memcached"],
  snappy: ["python-snappy"],
  Bio: ["biopython"],
  lxml: ["lxml"],
  jsonpath_ng: ["jsonpath-ng"],
  dns: ["dnspython"],
  websocket: ["websocket-client"],
  github: ["PyGithub"],
  gitlab: ["python-gitlab"],
  git: ["GitPython"],
  dotmap: ["dotmap"],
  email_validator: ["email-validator"],
  ujson: ["ujson"],
  typing_extensions: ["typing-extensions"],
  zope: ["zope.interface", "zope.deprecation", "zope.sqlalchemy"],
  "zope.interface": ["zope.interface"],
  "zope.sqlalchemy": ["zope.sqlalchemy"],
  "zope.deprecation": ["zope.deprecation"],
  pyramid_jinja2: ["pyramid-jinja2"],
  rest_framework: ["djangorestframework"],
  corsheaders: ["django-cors-headers"],
  debug_toolbar: ["django-debug-toolbar"],
  django_filters: ["django-filter"],
  crispy_forms: ["django-crispy-forms"],
  crispy_bootstrap4: ["crispy-bootstrap4"],
  storages: ["django-storages"],
  environ: ["django-environ"],
  allauth: ["django-allauth"],
  celery: ["celery"],
  kombu: ["kombu"],
  redis: ["redis"],
  boto: ["boto"],
  botocore: ["botocore"],
  tlz: ["toolz"],
  sentry_sdk: ["sentry-sdk"],
  opentelemetry: ["opentelemetry-api", "opentelemetry-sdk"],
  pydantic_settings: ["pydantic-settings"],
  lz4: ["lz4"],
};
const KNOWN = new Map(Object.entries(KNOWN_MODULES));

export interface ModuleDistributions {
  /** Distributions (as written) that may provide the module, best guess first. */
  candidates: string[];
  /** Where the answer came from, for messages. */
  source: "installed" | "known" | "name";
}

/** Installed metadata: module path (`yaml`, `google.protobuf`) → distributions providing it. */
export type InstalledModules = ReadonlyMap<string, readonly string[]>;

/**
 * The distributions that may provide an imported module: installed metadata first (the truth for
 * this environment), then the table of well-known mismatches, then the import name itself.
 * `from google import protobuf` is looked up as `google.protobuf` too (`names`).
 */
export function distributionsForModule(
  module: string,
  names: readonly string[] | undefined,
  installed: InstalledModules,
): ModuleDistributions {
  const paths = modulePaths(module, names);
  const fromInstalled = longestMatch(paths, (path) => installed.get(path));
  if (fromInstalled && fromInstalled.length > 0)
    return { candidates: [...fromInstalled], source: "installed" };
  const known = longestMatch(paths, (path) => KNOWN.get(path));
  const top = topLevelModule(module);
  if (known && known.length > 0) return { candidates: unique([...known, top]), source: "known" };
  return { candidates: [top], source: "name" };
}

/** Dotted prefixes of the module, longest first (with `module.name` for each imported name). */
function modulePaths(module: string, names: readonly string[] | undefined): string[] {
  const parts = module.split(".");
  const paths: string[] = [];
  for (const name of names ?? []) paths.push(`${module}.${name}`);
  for (let i = parts.length; i > 0; i--) paths.push(parts.slice(0, i).join("."));
  return paths.sort((a, b) => b.split(".").length - a.split(".").length);
}

function longestMatch<T>(paths: readonly string[], lookup: (path: string) => T | undefined): T | undefined {
  for (const path of paths) {
    const value = lookup(path);
    if (value !== undefined) return value;
  }
  return undefined;
}

function unique(values: string[]): string[] {
  const seen = new Set<string>();
  return values.filter((value) => {
    const key = normalisePypiName(value);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
