import type { MigrationInterface, QueryRunner } from 'typeorm';

/** ISO 3166-1 alpha-2 codes of current countries and territories. */
const ISO_3166_1 = `
  AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE
  BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD
  CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM
  DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF
  GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU
  ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN
  KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME
  MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA
  NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM
  PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI
  SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK
  TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI
  VN VU WF WS YE YT ZA ZM ZW
`
  .trim()
  .split(/\s+/);

const LOCALES = ['en', 'ru', 'es', 'nl'];

export class Countries1763800000100 implements MigrationInterface {
  name = 'Countries1763800000100';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE country (
        code char(2) PRIMARY KEY CHECK (code ~ '^[A-Z]{2}$'),
        names jsonb NOT NULL
      )`);
    // Names come from the CLDR data built into Node's ICU, in each of the four languages.
    const displayNames = LOCALES.map(
      (locale) => [locale, new Intl.DisplayNames([locale], { type: 'region' })] as const,
    );
    const rows = ISO_3166_1.map((code) => ({
      code,
      names: Object.fromEntries(displayNames.map(([locale, names]) => [locale, names.of(code)])),
    }));
    await db.query(
      `INSERT INTO country (code, names) SELECT code, names FROM jsonb_to_recordset($1::jsonb) AS r(code char(2), names jsonb)`,
      [JSON.stringify(rows)],
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE country`);
  }
}
