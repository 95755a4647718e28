/**
 * Geohashes as Redis computes them (geohash.c, geohash_helper.c), so that geo scores, positions,
 * distances and search areas are Redis's to the bit:
 *
 * - a position is a 52-bit score: 26 steps of latitude (Mercator limits ±85.05112878) and of
 *   longitude (±180) interleaved, latitude bits in the even positions;
 * - decoding gives the centre of the score's cell, clamped to the limits (GEOPOS);
 * - a search covers the cell of the centre at a step estimated from the radius and its eight
 *   neighbours (some dropped when the shape's bounding box does not reach them), in Redis's order;
 * - distances are haversine distances on a sphere of radius 6372797.560856 m.
 *
 * Hashes of search areas are 64-bit values (BigInt): the centre's cell may carry a bit past its
 * step (a position exactly on the upper limit), as in Redis. Scores decoded in searches take a
 * number fast path. Trigonometry is V8's (fdlibm), where Redis uses glibc's: both are within one
 * unit in the last place and agree on nearly every input, so a distance can differ from Redis's
 * in its last bit in rare cases (never seen in replies formatted to 4 decimals).
 *
 * Formatting helpers reproduce the C formats Redis uses on these doubles: `%.4f` for distances,
 * `%f` in error texts and `%.17Lf` with trailing zeros removed for coordinates.
 */

/** GEO_STEP_MAX: 26 steps per coordinate, 52 bits. */
export const GEO_STEP_MAX = 26;
/** The longitudes and latitudes a position may have (Redis GEO_LONG_MIN ... GEO_LAT_MAX, EPSG:900913). */
export const LONGITUDE_MIN = -180;
export const LONGITUDE_MAX = 180;
export const LATITUDE_MIN = -85.05112878;
export const LATITUDE_MAX = 85.05112878;
/** The earth's quadratic mean radius (WGS-84) Redis measures distances with. */
export const EARTH_RADIUS_METERS = 6372797.560856;
/** Redis's MERCATOR_MAX: the ranges below it that one step halves. */
const MERCATOR_MAX = 20037726.37;
/** Degrees to radians, as Redis's D_R (M_PI / 180.0). */
const RADIANS_PER_DEGREE = Math.PI / 180;
/** Doublings of a radius before it reaches MERCATOR_MAX at most (from the smallest subnormal): a bound for the loop. */
const RADIUS_DOUBLINGS_MAX = 1100;
/** The standard geohash alphabet (base 32). */
const GEOHASH_ALPHABET = '0123456789bcdefghjkmnpqrstuvwxyz';
/** Characters of a GEOHASH string: 10 from the 52 bits, an 11th that is always '0'. */
const GEOHASH_LENGTH = 11;
/** Digits toFixed can give: enough to see whether a double lies exactly half way at the precisions used here. */
const FIXED_DIGITS_MAX = 100;
/** Above this toFixed switches to exponent notation; C's %f prints every integer digit. */
const FIXED_NOTATION_LIMIT = 1e21;

const TWO_POW_32 = 2 ** 32;
const TWO_POW_53 = 2 ** 53;
const TWO_POW_63 = 2 ** 63;
const UINT64_MASK = (1n << 64n) - 1n;
const EVEN_BITS = 0x5555555555555555n;
const ODD_BITS = 0xaaaaaaaaaaaaaaaan;

/** An interval of one coordinate. */
export interface CoordinateRange {
  readonly min: number;
  readonly max: number;
}

/** A hash of `step` steps per coordinate (2 * step bits). Step 0 is Redis's zeroed hash: an area not searched. */
export interface GeoHash {
  readonly bits: bigint;
  readonly step: number;
}

/** The cell a hash names. */
export interface GeoHashArea {
  readonly longitude: CoordinateRange;
  readonly latitude: CoordinateRange;
}

/** A longitude and latitude, written by the decoders (reused to avoid an allocation per point). */
export interface Position {
  longitude: number;
  latitude: number;
}

/** The area a search covers (Redis GeoShape): a circle or an axis-aligned box around a centre, in a unit. */
export interface GeoShape {
  readonly kind: 'radius' | 'box';
  readonly longitude: number;
  readonly latitude: number;
  /** BYRADIUS's radius, in the unit. */
  readonly radius: number;
  /** BYBOX's width and height, in the unit. */
  readonly width: number;
  readonly height: number;
  /** Meters per unit. */
  readonly conversion: number;
}

/** The cells a search scans: the centre's and its neighbours in Redis's order; null for a neighbour not needed. */
export interface SearchAreas {
  /** Centre, north, south, east, west, north-east, north-west, south-east, south-west. */
  readonly cells: readonly (GeoHash | null)[];
}

/** The coordinate ranges Redis encodes positions in. */
export const MERCATOR_LONGITUDE: CoordinateRange = { min: LONGITUDE_MIN, max: LONGITUDE_MAX };
export const MERCATOR_LATITUDE: CoordinateRange = { min: LATITUDE_MIN, max: LATITUDE_MAX };
/** The ranges of the standard geohash (GEOHASH's strings). */
const STANDARD_LONGITUDE: CoordinateRange = { min: -180, max: 180 };
const STANDARD_LATITUDE: CoordinateRange = { min: -90, max: 90 };

// ---- bit interleaving ---------------------------------------------------------------------------

/** Spread the low 16 bits of `value` to the even positions of a 32-bit number. */
function spread16(value: number): number {
  let x = value & 0xffff;
  x = (x | (x << 8)) & 0x00ff00ff;
  x = (x | (x << 4)) & 0x0f0f0f0f;
  x = (x | (x << 2)) & 0x33333333;
  x = (x | (x << 1)) & 0x55555555;
  return x >>> 0;
}

/** Gather the even bits of a 32-bit number into 16 bits. */
function compact16(value: number): number {
  let x = value & 0x55555555;
  x = (x | (x >>> 1)) & 0x33333333;
  x = (x | (x >>> 2)) & 0x0f0f0f0f;
  x = (x | (x >>> 4)) & 0x00ff00ff;
  x = (x | (x >>> 8)) & 0x0000ffff;
  return x;
}

/** Redis interleave64: `even` (latitude) in the even bit positions, `odd` (longitude) in the odd ones; both below 2^32. */
function interleave(even: number, odd: number): { high: number; low: number } {
  const low = (spread16(even) | (spread16(odd) << 1)) >>> 0;
  const high = (spread16(even >>> 16) | (spread16(odd >>> 16) << 1)) >>> 0;
  return { high, low };
}

/** Redis deinterleave64 of a 64-bit value given as two 32-bit halves: the even bits (latitude) and the odd bits (longitude). */
function deinterleave(high: number, low: number): { even: number; odd: number } {
  const even = (compact16(low) | (compact16(high) << 16)) >>> 0;
  const odd = (compact16(low >>> 1) | (compact16(high >>> 1) << 16)) >>> 0;
  return { even, odd };
}

function toBigInt(high: number, low: number): bigint {
  return (BigInt(high) << 32n) | BigInt(low);
}

// ---- encoding and decoding ------------------------------------------------------------------------

/** The cell indexes (latitude, longitude) of a position at `step`, or null outside the ranges (Redis geohashEncode). */
function cellIndexes(
  longitudeRange: CoordinateRange,
  latitudeRange: CoordinateRange,
  longitude: number,
  latitude: number,
  step: number,
): { latitudeIndex: number; longitudeIndex: number } | null {
  if (longitude > LONGITUDE_MAX || longitude < LONGITUDE_MIN || latitude > LATITUDE_MAX || latitude < LATITUDE_MIN) return null;
  if (latitude < latitudeRange.min || latitude > latitudeRange.max || longitude < longitudeRange.min || longitude > longitudeRange.max) return null;
  let latitudeOffset = (latitude - latitudeRange.min) / (latitudeRange.max - latitudeRange.min);
  let longitudeOffset = (longitude - longitudeRange.min) / (longitudeRange.max - longitudeRange.min);
  latitudeOffset *= 2 ** step;
  longitudeOffset *= 2 ** step;
  // C converts the doubles to uint32_t: truncation (both are non-negative here).
  return { latitudeIndex: Math.floor(latitudeOffset), longitudeIndex: Math.floor(longitudeOffset) };
}

/** Redis geohashEncode: the hash of a position at `step` (1..26) in the given ranges, or null outside them. */
export function encode(longitudeRange: CoordinateRange, latitudeRange: CoordinateRange, longitude: number, latitude: number, step: number): GeoHash | null {
  const indexes = cellIndexes(longitudeRange, latitudeRange, longitude, latitude, step);
  if (indexes === null) return null;
  const { high, low } = interleave(indexes.latitudeIndex, indexes.longitudeIndex);
  return { bits: toBigInt(high, low), step };
}

/**
 * The score GEOADD gives a position already checked against the limits: its 26-step hash, as
 * the double ZADD reads from its decimal text (exact below 2^53; a position on the upper
 * limit carries a 53rd or 54th bit, rounded half to even as strtod does).
 */
export function positionScore(longitude: number, latitude: number): number {
  const indexes = cellIndexes(MERCATOR_LONGITUDE, MERCATOR_LATITUDE, longitude, latitude, GEO_STEP_MAX);
  if (indexes === null) throw new Error('assertion: a position outside the geo limits was encoded');
  const { high, low } = interleave(indexes.latitudeIndex, indexes.longitudeIndex);
  const score = high * TWO_POW_32 + low;
  return score < TWO_POW_53 ? score : Number(toBigInt(high, low));
}

/** Redis geohashDecode's bounds of one coordinate: cell `index` of 2^step cells in `range` ((ilato + 1) wraps as a uint32_t). */
function cellMin(range: CoordinateRange, index: number, cells: number): number {
  return range.min + (index / cells) * (range.max - range.min);
}

function cellMax(range: CoordinateRange, index: number, cells: number): number {
  return range.min + (((index + 1) >>> 0) / cells) * (range.max - range.min);
}

/** Redis geohashDecode: the cell of a hash given as two 32-bit halves. */
function decodeHalves(high: number, low: number, step: number, longitudeRange: CoordinateRange, latitudeRange: CoordinateRange): GeoHashArea {
  const { even: latitudeIndex, odd: longitudeIndex } = deinterleave(high, low);
  const cells = 2 ** step;
  return {
    latitude: { min: cellMin(latitudeRange, latitudeIndex, cells), max: cellMax(latitudeRange, latitudeIndex, cells) },
    longitude: { min: cellMin(longitudeRange, longitudeIndex, cells), max: cellMax(longitudeRange, longitudeIndex, cells) },
  };
}

/** Redis geohashDecode in the Mercator ranges. */
export function decodeArea(hash: GeoHash): GeoHashArea {
  const bits = BigInt.asUintN(64, hash.bits);
  return decodeHalves(Number(bits >> 32n), Number(bits & 0xffffffffn), hash.step, MERCATOR_LONGITUDE, MERCATOR_LATITUDE);
}

/**
 * C's (uint64_t) conversion of a score as gcc compiles it on x86-64: truncation; negative
 * values wrap, values from 2^64 and infinities give 0, below -2^63 gives 2^63.
 */
function scoreToUint64(score: number): bigint {
  if (score < TWO_POW_63) {
    const truncated = Math.trunc(score);
    if (truncated < -TWO_POW_63) return 1n << 63n;
    return BigInt.asUintN(64, BigInt(truncated));
  }
  const reduced = score - TWO_POW_63;
  if (reduced < TWO_POW_63) return BigInt(Math.trunc(reduced)) ^ (1n << 63n);
  return 0n;
}

/** Redis geohashDecodeAreaToLongLat of one coordinate: the middle of [min, max], clamped to [lowest, highest]. */
function middle(min: number, max: number, lowest: number, highest: number): number {
  const value = (min + max) / 2;
  if (value > highest) return highest;
  if (value < lowest) return lowest;
  return value;
}

/**
 * Redis decodeGeohash: the position a score stands for (the centre of its 26-step cell), written
 * into `into`. Any score decodes, as in Redis (the score is converted to a 64-bit integer first).
 */
export function decodeScore(score: number, into: Position): void {
  let high: number;
  let low: number;
  if (score >= 0 && score < TWO_POW_53 && Number.isInteger(score)) {
    high = Math.floor(score / TWO_POW_32);
    low = score - high * TWO_POW_32;
  } else {
    const bits = scoreToUint64(score);
    high = Number(bits >> 32n);
    low = Number(bits & 0xffffffffn);
  }
  // Written out (no area object): searches decode every candidate point.
  const latitudeIndex = (compact16(low) | (compact16(high) << 16)) >>> 0;
  const longitudeIndex = (compact16(low >>> 1) | (compact16(high >>> 1) << 16)) >>> 0;
  const cells = 2 ** GEO_STEP_MAX;
  into.longitude = middle(
    cellMin(MERCATOR_LONGITUDE, longitudeIndex, cells),
    cellMax(MERCATOR_LONGITUDE, longitudeIndex, cells),
    LONGITUDE_MIN,
    LONGITUDE_MAX,
  );
  into.latitude = middle(cellMin(MERCATOR_LATITUDE, latitudeIndex, cells), cellMax(MERCATOR_LATITUDE, latitudeIndex, cells), LATITUDE_MIN, LATITUDE_MAX);
}

/**
 * GEOHASH's string for a score: the position decoded, encoded again in the standard ranges
 * (latitude ±90), as 11 base-32 characters of which the last is always '0' (52 bits only).
 */
export function standardGeohash(score: number): string | null {
  const position: Position = { longitude: 0, latitude: 0 };
  decodeScore(score, position);
  const hash = encode(STANDARD_LONGITUDE, STANDARD_LATITUDE, position.longitude, position.latitude, GEO_STEP_MAX);
  if (hash === null) return null;
  let text = '';
  for (let index = 0; index < GEOHASH_LENGTH; index++) {
    const digit = index === GEOHASH_LENGTH - 1 ? 0 : Number((hash.bits >> BigInt(52 - (index + 1) * 5)) & 0x1fn);
    text += GEOHASH_ALPHABET[digit];
  }
  return text;
}

// ---- neighbours and search areas ---------------------------------------------------------------

/** Redis geohash_move_x (east/west: the odd, longitude bits) and geohash_move_y (north/south: the even bits). */
function move(hash: GeoHash, direction: number, longitude: boolean): GeoHash {
  if (direction === 0) return hash;
  const shift = BigInt(64 - hash.step * 2);
  const moving = hash.bits & (longitude ? ODD_BITS : EVEN_BITS);
  const kept = hash.bits & (longitude ? EVEN_BITS : ODD_BITS);
  const filler = (longitude ? EVEN_BITS : ODD_BITS) >> shift;
  let moved = direction > 0 ? (moving + filler + 1n) & UINT64_MASK : ((moving | filler) - (filler + 1n)) & UINT64_MASK;
  moved &= (longitude ? ODD_BITS : EVEN_BITS) >> shift;
  return { bits: moved | kept, step: hash.step };
}

function neighbour(hash: GeoHash, east: number, north: number): GeoHash {
  return move(move(hash, east, true), north, false);
}

/** Redis geohashEstimateStepsByRadius: the step whose cells are about as large as the radius (fewer near the poles). */
export function estimateStepsByRadius(rangeMeters: number, latitude: number): number {
  if (rangeMeters === 0) return GEO_STEP_MAX;
  let range = rangeMeters;
  let step = 1;
  for (let doublings = 0; range < MERCATOR_MAX && doublings < RADIUS_DOUBLINGS_MAX; doublings++) {
    range *= 2;
    step++;
  }
  step -= 2;
  if (latitude > 66 || latitude < -66) {
    step--;
    if (latitude > 80 || latitude < -80) step--;
  }
  if (step < 1) step = 1;
  if (step > GEO_STEP_MAX) step = GEO_STEP_MAX;
  return step;
}

/** Redis geohashBoundingBox: [min longitude, min latitude, max longitude, max latitude] around the shape. */
export function boundingBox(shape: GeoShape): [number, number, number, number] {
  const { longitude, latitude } = shape;
  const height = shape.conversion * (shape.kind === 'radius' ? shape.radius : shape.height / 2);
  const width = shape.conversion * (shape.kind === 'radius' ? shape.radius : shape.width / 2);
  const latitudeDelta = height / EARTH_RADIUS_METERS / RADIANS_PER_DEGREE;
  const longitudeDeltaTop = width / EARTH_RADIUS_METERS / Math.cos((latitude + latitudeDelta) * RADIANS_PER_DEGREE) / RADIANS_PER_DEGREE;
  const longitudeDeltaBottom = width / EARTH_RADIUS_METERS / Math.cos((latitude - latitudeDelta) * RADIANS_PER_DEGREE) / RADIANS_PER_DEGREE;
  const southern = latitude < 0;
  return [
    southern ? longitude - longitudeDeltaBottom : longitude - longitudeDeltaTop,
    latitude - latitudeDelta,
    southern ? longitude + longitudeDeltaBottom : longitude + longitudeDeltaTop,
    latitude + latitudeDelta,
  ];
}

/** Positions in SearchAreas.cells (Redis membersOfAllNeighbors's order). */
const CENTRE = 0;
const NORTH = 1;
const SOUTH = 2;
const EAST = 3;
const WEST = 4;
const NORTH_EAST = 5;
const NORTH_WEST = 6;
const SOUTH_EAST = 7;
const SOUTH_WEST = 8;

/** The centre's cell at `step` and its eight neighbours (Redis geohashNeighbors), in SearchAreas order. */
function cellsAround(longitude: number, latitude: number, step: number): GeoHash[] {
  const hash = encode(MERCATOR_LONGITUDE, MERCATOR_LATITUDE, longitude, latitude, step);
  if (hash === null) throw new Error('assertion: a search centre outside the geo limits');
  return [
    hash,
    neighbour(hash, 0, 1),
    neighbour(hash, 0, -1),
    neighbour(hash, 1, 0),
    neighbour(hash, -1, 0),
    neighbour(hash, 1, 1),
    neighbour(hash, -1, 1),
    neighbour(hash, 1, -1),
    neighbour(hash, -1, -1),
  ];
}

/**
 * Redis geohashCalculateAreasByShapeWGS84: the step from the radius (a box's half diagonal), one
 * step coarser when a neighbour does not reach the bounding box, and, from step 2 on, the
 * neighbours beyond the bounding box dropped.
 */
export function searchAreas(shape: GeoShape): SearchAreas {
  const [minLongitude, minLatitude, maxLongitude, maxLatitude] = boundingBox(shape);
  const halfWidth = shape.width / 2;
  const halfHeight = shape.height / 2;
  let radiusMeters = shape.kind === 'radius' ? shape.radius : Math.sqrt(halfWidth * halfWidth + halfHeight * halfHeight);
  radiusMeters *= shape.conversion;
  let step = estimateStepsByRadius(radiusMeters, shape.latitude);
  let around = cellsAround(shape.longitude, shape.latitude, step);
  const decreaseStep =
    decodeArea(around[NORTH] as GeoHash).latitude.max < maxLatitude ||
    decodeArea(around[SOUTH] as GeoHash).latitude.min > minLatitude ||
    decodeArea(around[EAST] as GeoHash).longitude.max < maxLongitude ||
    decodeArea(around[WEST] as GeoHash).longitude.min > minLongitude;
  if (step > 1 && decreaseStep) {
    step--;
    around = cellsAround(shape.longitude, shape.latitude, step);
  }
  const cells: (GeoHash | null)[] = around;
  if (step >= 2) {
    const area = decodeArea(around[CENTRE] as GeoHash);
    const drop = (...positions: number[]) => {
      for (const position of positions) cells[position] = null;
    };
    if (area.latitude.min < minLatitude) drop(SOUTH, SOUTH_WEST, SOUTH_EAST);
    if (area.latitude.max > maxLatitude) drop(NORTH, NORTH_EAST, NORTH_WEST);
    if (area.longitude.min < minLongitude) drop(WEST, SOUTH_WEST, NORTH_WEST);
    if (area.longitude.max > maxLongitude) drop(EAST, SOUTH_EAST, NORTH_EAST);
  }
  return { cells };
}

/** Redis scoresOfGeoHashBox: the scores [min, max) of the positions inside a cell. */
export function cellScoreRange(hash: GeoHash): { min: number; max: number } {
  const shift = BigInt(52 - hash.step * 2);
  const min = BigInt.asUintN(64, hash.bits << shift);
  const max = BigInt.asUintN(64, (hash.bits + 1n) << shift);
  return { min: Number(min), max: Number(max) };
}

// ---- distances ----------------------------------------------------------------------------------

/** Redis geohashGetDistance: the haversine distance in meters between two positions (degrees). */
export function distance(longitude1: number, latitude1: number, longitude2: number, latitude2: number): number {
  const latitude1Radians = latitude1 * RADIANS_PER_DEGREE;
  const longitude1Radians = longitude1 * RADIANS_PER_DEGREE;
  const latitude2Radians = latitude2 * RADIANS_PER_DEGREE;
  const longitude2Radians = longitude2 * RADIANS_PER_DEGREE;
  const u = Math.sin((latitude2Radians - latitude1Radians) / 2);
  const v = Math.sin((longitude2Radians - longitude1Radians) / 2);
  return 2.0 * EARTH_RADIUS_METERS * Math.asin(Math.sqrt(u * u + Math.cos(latitude1Radians) * Math.cos(latitude2Radians) * v * v));
}

/**
 * Redis geoAppendIfWithinShape's test: the distance in meters from the shape's centre to the
 * position when it lies in the circle, or in the box (its east-west and north-south distances
 * from the centre within half the width and height); -1 when outside.
 */
export function distanceIfInShape(shape: GeoShape, longitude: number, latitude: number): number {
  if (shape.kind === 'radius') {
    const meters = distance(shape.longitude, shape.latitude, longitude, latitude);
    return meters > shape.radius * shape.conversion ? -1 : meters;
  }
  const widthMeters = shape.width * shape.conversion;
  const heightMeters = shape.height * shape.conversion;
  const eastWest = distance(longitude, latitude, shape.longitude, latitude);
  const northSouth = distance(longitude, latitude, longitude, shape.latitude);
  if (eastWest > widthMeters / 2 || northSouth > heightMeters / 2) return -1;
  return distance(shape.longitude, shape.latitude, longitude, latitude);
}

// ---- formatting as C does -------------------------------------------------------------------

/**
 * C's `%.<decimals>f` of a double: the exact binary value rounded half to even (glibc), every
 * integer digit (no exponent), `inf`/`-inf`/`nan`, and the sign of -0.
 */
export function formatFixed(value: number, decimals: number): string {
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  if (Number.isNaN(value)) return 'nan';
  const negative = value < 0 || Object.is(value, -0);
  const magnitude = Math.abs(value);
  let text: string;
  if (magnitude >= FIXED_NOTATION_LIMIT) text = BigInt(magnitude).toString() + (decimals > 0 ? `.${'0'.repeat(decimals)}` : '');
  else text = fixedOfMagnitude(magnitude, decimals);
  return negative ? `-${text}` : text;
}

/**
 * toFixed rounds exact ties away from zero where glibc rounds them to even. A double lies half
 * way at `decimals` only when it is a multiple of 2^-(decimals + 1): then its exact expansion
 * (toFixed(100) is exact for such values) is rounded by hand.
 */
function fixedOfMagnitude(magnitude: number, decimals: number): string {
  if (!Number.isInteger(magnitude * 2 ** (decimals + 1))) return magnitude.toFixed(decimals);
  const exact = magnitude.toFixed(FIXED_DIGITS_MAX);
  const point = exact.indexOf('.');
  const rest = exact.slice(point + 1 + decimals);
  if (!/^50*$/.test(rest)) return magnitude.toFixed(decimals);
  const kept = exact.slice(0, point + 1 + decimals);
  const digits = kept.replace('.', '');
  const last = digits.charCodeAt(digits.length - 1) - 48;
  const rounded = last % 2 === 0 ? digits : (BigInt(digits) + 1n).toString().padStart(digits.length, '0');
  const integerDigits = rounded.length - decimals;
  return decimals === 0 ? rounded : `${rounded.slice(0, integerDigits)}.${rounded.slice(integerDigits)}`;
}

/**
 * Redis addReplyHumanLongDouble's text (ld2string LD_STR_HUMAN): `%.17Lf` of the value, trailing
 * zeros and a trailing point removed, `-0` written `0`. GEOPOS and WITHCOORD format with it.
 */
export function formatHumanDouble(value: number): string {
  let text = formatFixed(value, 17);
  if (!Number.isFinite(value)) return text;
  if (text.includes('.')) {
    let end = text.length;
    while (text.charCodeAt(end - 1) === 48) end--;
    if (text.charCodeAt(end - 1) === 46) end--;
    text = text.slice(0, end);
  }
  return text === '-0' ? '0' : text;
}
