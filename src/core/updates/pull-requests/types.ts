/** What to open: a pull request (GitHub) or merge request (GitLab) from `head` into `base`. */
export interface PullRequestRequest {
  title: string;
  /** Markdown description. */
  body: string;
  /** The pushed branch with the update. */
  head: string;
  /** The branch to merge into. */
  base: string;
  draft?: boolean;
  /** Added to the request (labels already on it are kept). */
  labels?: string[];
}

/** The request as the service shows it. */
export interface PullRequestResult {
  /** Its page in the browser. */
  url: string;
  /** GitHub's number, GitLab's iid (`!number`). */
  number: number;
  /** False when an open request for the same branch existed and was updated instead. */
  created: boolean;
}

/** One code-hosting service able to open (or refresh) a pull request for a branch. */
export interface PullRequestProvider {
  open(request: PullRequestRequest): Promise<PullRequestResult>;
}
