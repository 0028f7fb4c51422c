// The two sorts geo.c uses on its results, ported so that equal distances
// come out in the same order as in Redis 7.0.15 on Linux:
// - qsort() when every result is returned. glibc's qsort() is a top-down
//   merge sort (msort.c) whenever it can allocate its buffer, which is always
//   in practice: stable.
// - pqsort() (Redis's pqsort.c, NetBSD's Bentley–McIlroy quicksort made
//   partial) when COUNT returns fewer than all results: not stable.

export type Comparator<T> = (a: T, b: T) => number;

/** glibc msort_with_tmp(): left half first, ties taken from the left. */
export function glibcMergeSort<T>(items: T[], cmp: Comparator<T>): void {
  if (items.length <= 1) return;
  const tmp = new Array<T>(items.length);
  mergeSort(items, 0, items.length, cmp, tmp);
}

function mergeSort<T>(b: T[], start: number, n: number, cmp: Comparator<T>, tmp: T[]): void {
  if (n <= 1) return;
  const n1 = Math.floor(n / 2);
  const n2 = n - n1;
  mergeSort(b, start, n1, cmp, tmp);
  mergeSort(b, start + n1, n2, cmp, tmp);
  let i = start;
  let j = start + n1;
  let k = 0;
  let left = n1;
  let right = n2;
  while (left > 0 && right > 0) {
    if (cmp(b[i]!, b[j]!) <= 0) {
      tmp[k++] = b[i++]!;
      left--;
    } else {
      tmp[k++] = b[j++]!;
      right--;
    }
  }
  while (left > 0) {
    tmp[k++] = b[i++]!;
    left--;
  }
  // The rest of the right run is already in place.
  for (let m = 0; m < k; m++) b[start + m] = tmp[m]!;
}

function swap<T>(a: T[], i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

function vecswap<T>(a: T[], i: number, j: number, n: number): void {
  for (let k = 0; k < n; k++) swap(a, i + k, j + k);
}

function med3<T>(arr: T[], a: number, b: number, c: number, cmp: Comparator<T>): number {
  return cmp(arr[a]!, arr[b]!) < 0
    ? cmp(arr[b]!, arr[c]!) < 0
      ? b
      : cmp(arr[a]!, arr[c]!) < 0
        ? c
        : a
    : cmp(arr[b]!, arr[c]!) > 0
      ? b
      : cmp(arr[a]!, arr[c]!) < 0
        ? a
        : c;
}

/**
 * Redis's pqsort(): sorts enough of `items` that positions lrange..rrange
 * (inclusive) hold what a full sort would put there, in the same order Redis
 * leaves them. Positions are element indices (pqsort.c works on bytes; the
 * translation is exact).
 */
export function pqsort<T>(items: T[], cmp: Comparator<T>, lrange: number, rrange: number): void {
  partialQuicksort(items, 0, items.length, cmp, lrange, rrange);
}

/** pqsort.c's skip test for the run start..start+n-1: true when it lies wholly before or after the wanted range. */
function outside(start: number, n: number, lrange: number, rrange: number): boolean {
  return (lrange < start && rrange < start) || (lrange >= start + n && rrange >= start + n);
}

function partialQuicksort<T>(arr: T[], a: number, n: number, cmp: Comparator<T>, lrange: number, rrange: number): void {
  for (;;) {
    if (n < 7) {
      for (let pm = a + 1; pm < a + n; pm++) {
        for (let pl = pm; pl > a && cmp(arr[pl - 1]!, arr[pl]!) > 0; pl--) swap(arr, pl, pl - 1);
      }
      return;
    }
    let pm = a + Math.floor(n / 2);
    if (n > 7) {
      let pl = a;
      let pn = a + n - 1;
      if (n > 40) {
        const d = Math.floor(n / 8);
        pl = med3(arr, pl, pl + d, pl + 2 * d, cmp);
        pm = med3(arr, pm - d, pm, pm + d, cmp);
        pn = med3(arr, pn - 2 * d, pn - d, pn, cmp);
      }
      pm = med3(arr, pl, pm, pn, cmp);
    }
    swap(arr, a, pm);
    let pa = a + 1;
    let pb = a + 1;
    let pc = a + n - 1;
    let pd = a + n - 1;
    for (;;) {
      let r: number;
      while (pb <= pc && (r = cmp(arr[pb]!, arr[a]!)) <= 0) {
        if (r === 0) {
          swap(arr, pa, pb);
          pa++;
        }
        pb++;
      }
      while (pb <= pc && (r = cmp(arr[pc]!, arr[a]!)) >= 0) {
        if (r === 0) {
          swap(arr, pc, pd);
          pd--;
        }
        pc--;
      }
      if (pb > pc) break;
      swap(arr, pb, pc);
      pb++;
      pc--;
    }

    const pn = a + n;
    let r = Math.min(pa - a, pb - pa);
    vecswap(arr, a, pb - r, r);
    r = Math.min(pd - pc, pn - pd - 1);
    vecswap(arr, pb, pn - r, r);
    if ((r = pb - pa) > 1 && !outside(a, r, lrange, rrange)) {
      partialQuicksort(arr, a, r, cmp, lrange, rrange);
    }
    if ((r = pd - pc) > 1) {
      // pqsort.c iterates here rather than recursing.
      a = pn - r;
      n = r;
      if (!outside(a, n, lrange, rrange)) continue;
    }
    return;
  }
}
