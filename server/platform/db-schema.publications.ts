/** The public transparency page's table (migration 20261206T0017). */
export interface ConsultationPublicationsTable {
  consultation_id: number;
  /** Set while published; null once the host has taken it down. */
  published_at: string | null;
  /** A JSON array of the keywords the host chose. */
  keywords: string;
  updated_by: number;
  updated_at: string;
  version: number;
}
