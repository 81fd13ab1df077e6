import type { MigrationInterface, QueryRunner } from 'typeorm';

const LOCALE_CHECK = `IN ('en', 'ru', 'es', 'nl')`;

/** Keep in step with libs/knowledge/src/themes.ts (labels live in i18n, knowledge.json). */
const THEMES = [
  'community-driven-development',
  'poverty-reduction',
  'rural-development',
  'microenterprise',
  'microfinance',
  'market-access',
  'technical-assistance',
  'natural-resource-management',
  'family-farming',
  'reforestation',
  'climate-adaptation',
  'environment',
  'water-sanitation',
  'infrastructure',
  'health',
  'health-insurance',
  'education',
  'gender-equality',
  'women-economic-empowerment',
  'youth',
  'human-rights',
  'culture-arts',
  'local-governance',
  'decentralization',
  'social-accountability',
  'capacity-building',
  'knowledge-sharing',
  'monitoring-evaluation',
  'disaster-response',
];

/**
 * The knowledge base: case studies, result indicators and lessons learned, each translatable
 * (`*_translation`, one row per locale, with `source_version` against the record's `version`), the
 * theme taxonomy, and the transactional outbox every knowledge write appends to.
 */
export class Knowledge1763900000000 implements MigrationInterface {
  name = 'Knowledge1763900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE theme (
        key varchar(64) PRIMARY KEY CHECK (key ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        position smallint NOT NULL
      )`);
    await db.query(
      `INSERT INTO theme (key, position) SELECT key, ord FROM unnest($1::varchar[]) WITH ORDINALITY AS t(key, ord)`,
      [THEMES],
    );

    await db.query(`
      CREATE TABLE case_study (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug varchar(120) NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        status varchar(10) NOT NULL DEFAULT 'DRAFT' CHECK (status IN ('DRAFT', 'PUBLISHED', 'ARCHIVED')),
        original_locale varchar(2) NOT NULL CHECK (original_locale ${LOCALE_CHECK}),
        version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
        organisation_id uuid REFERENCES organisation (id) ON DELETE SET NULL,
        region varchar(200),
        approaches varchar(64)[] NOT NULL DEFAULT '{}',
        start_year smallint CHECK (start_year BETWEEN 1900 AND 2100),
        end_year smallint CHECK (end_year BETWEEN 1900 AND 2100),
        funding_amount numeric(16, 2) CHECK (funding_amount >= 0),
        funding_currency char(3) CHECK (funding_currency ~ '^[A-Z]{3}$'),
        reach_communities integer CHECK (reach_communities >= 0),
        reach_households integer CHECK (reach_households >= 0),
        reach_organisations integer CHECK (reach_organisations >= 0),
        reach_people integer CHECK (reach_people >= 0),
        sources jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(sources) = 'array'),
        published_at timestamptz,
        created_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
        updated_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (end_year IS NULL OR start_year IS NULL OR end_year >= start_year),
        CHECK ((funding_amount IS NULL) = (funding_currency IS NULL))
      )`);
    await db.query(`CREATE UNIQUE INDEX case_study_slug_key ON case_study (slug)`);
    await db.query(`CREATE INDEX case_study_listing_idx ON case_study (status, created_at DESC, id DESC)`);
    await db.query(`CREATE INDEX case_study_years_idx ON case_study (start_year, end_year)`);
    await db.query(`CREATE INDEX case_study_organisation_idx ON case_study (organisation_id)`);

    await db.query(`
      CREATE TABLE case_study_translation (
        case_study_id uuid NOT NULL REFERENCES case_study (id) ON DELETE CASCADE,
        locale varchar(2) NOT NULL CHECK (locale ${LOCALE_CHECK}),
        title varchar(300) NOT NULL CHECK (length(btrim(title)) > 0),
        summary text NOT NULL DEFAULT '',
        body text NOT NULL DEFAULT '',
        scaling_up text,
        machine_translated boolean NOT NULL DEFAULT false,
        source_version integer NOT NULL CHECK (source_version >= 1),
        updated_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (case_study_id, locale)
      )`);

    await db.query(`
      CREATE TABLE case_study_country (
        case_study_id uuid NOT NULL REFERENCES case_study (id) ON DELETE CASCADE,
        country_code char(2) NOT NULL REFERENCES country (code),
        PRIMARY KEY (case_study_id, country_code)
      )`);
    await db.query(`CREATE INDEX case_study_country_code_idx ON case_study_country (country_code)`);

    await db.query(`
      CREATE TABLE case_study_theme (
        case_study_id uuid NOT NULL REFERENCES case_study (id) ON DELETE CASCADE,
        theme_key varchar(64) NOT NULL REFERENCES theme (key),
        PRIMARY KEY (case_study_id, theme_key)
      )`);
    await db.query(`CREATE INDEX case_study_theme_key_idx ON case_study_theme (theme_key)`);

    await db.query(`
      CREATE TABLE case_study_organisation (
        case_study_id uuid NOT NULL REFERENCES case_study (id) ON DELETE CASCADE,
        organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
        role varchar(12) NOT NULL CHECK (role IN ('IMPLEMENTER', 'FUNDER', 'PARTNER')),
        position smallint NOT NULL DEFAULT 0,
        PRIMARY KEY (case_study_id, organisation_id, role)
      )`);
    await db.query(
      `CREATE INDEX case_study_organisation_org_idx ON case_study_organisation (organisation_id)`,
    );

    await db.query(`
      CREATE TABLE result_indicator (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_study_id uuid NOT NULL REFERENCES case_study (id) ON DELETE CASCADE,
        position smallint NOT NULL CHECK (position >= 0),
        value numeric(20, 4) NOT NULL,
        unit varchar(32) NOT NULL,
        baseline numeric(20, 4),
        baseline_year smallint CHECK (baseline_year BETWEEN 1900 AND 2100),
        year smallint CHECK (year BETWEEN 1900 AND 2100),
        original_locale varchar(2) NOT NULL CHECK (original_locale ${LOCALE_CHECK}),
        version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
        created_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
        updated_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (case_study_id, position)
      )`);
    await db.query(`
      CREATE TABLE result_indicator_translation (
        result_indicator_id uuid NOT NULL REFERENCES result_indicator (id) ON DELETE CASCADE,
        locale varchar(2) NOT NULL CHECK (locale ${LOCALE_CHECK}),
        label varchar(500) NOT NULL CHECK (length(btrim(label)) > 0),
        machine_translated boolean NOT NULL DEFAULT false,
        source_version integer NOT NULL CHECK (source_version >= 1),
        updated_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (result_indicator_id, locale)
      )`);

    // A lesson belongs to a case study today; workshops will own lessons too, so the owner column
    // is nullable and the CHECK names the rule to widen (num_nonnulls(case_study_id, workshop_id) = 1).
    await db.query(`
      CREATE TABLE lesson (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_study_id uuid REFERENCES case_study (id) ON DELETE CASCADE,
        position smallint NOT NULL CHECK (position >= 0),
        original_locale varchar(2) NOT NULL CHECK (original_locale ${LOCALE_CHECK}),
        version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
        created_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
        updated_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT lesson_owner_check CHECK (num_nonnulls(case_study_id) = 1)
      )`);
    await db.query(
      `CREATE UNIQUE INDEX lesson_case_study_position_key ON lesson (case_study_id, position) WHERE case_study_id IS NOT NULL`,
    );
    await db.query(`CREATE INDEX lesson_listing_idx ON lesson (created_at DESC, id DESC)`);
    await db.query(`
      CREATE TABLE lesson_translation (
        lesson_id uuid NOT NULL REFERENCES lesson (id) ON DELETE CASCADE,
        locale varchar(2) NOT NULL CHECK (locale ${LOCALE_CHECK}),
        text text NOT NULL CHECK (length(btrim(text)) > 0),
        machine_translated boolean NOT NULL DEFAULT false,
        source_version integer NOT NULL CHECK (source_version >= 1),
        updated_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (lesson_id, locale)
      )`);
    await db.query(`
      CREATE TABLE lesson_theme (
        lesson_id uuid NOT NULL REFERENCES lesson (id) ON DELETE CASCADE,
        theme_key varchar(64) NOT NULL REFERENCES theme (key),
        PRIMARY KEY (lesson_id, theme_key)
      )`);
    await db.query(`CREATE INDEX lesson_theme_key_idx ON lesson_theme (theme_key)`);

    await db.query(`
      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        topic varchar(100) NOT NULL,
        aggregate_type varchar(50) NOT NULL,
        aggregate_id varchar(100) NOT NULL,
        payload jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        processed_at timestamptz
      )`);
    await db.query(`CREATE INDEX outbox_pending_idx ON outbox (id) WHERE processed_at IS NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'outbox',
      'lesson_theme',
      'lesson_translation',
      'lesson',
      'result_indicator_translation',
      'result_indicator',
      'case_study_organisation',
      'case_study_theme',
      'case_study_country',
      'case_study_translation',
      'case_study',
      'theme',
    ])
      await db.query(`DROP TABLE ${table}`);
  }
}
