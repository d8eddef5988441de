;; Separable resampling kernels for 8-bit RGBA, in WebAssembly SIMD (assembled by build.py into
;; resample.wasm). The caller (web/lanczos.js) lays out memory and the weights:
;;   - weights are 14-bit fixed point (one = 16384), stored as pairs of taps, each pair one v128
;;     of eight i16 [w0 w1 w0 w1 w0 w1 w0 w1]; an odd tap count ends with a zero weight;
;;   - `first` and `pairs` are i32 arrays: the first input index and the number of tap pairs of
;;     every output index; `maxPairs` is the per-output slot count of the weight table.
;; i32x4.dot_i16x8_s multiplies two taps and adds them in one instruction: that is the speed.
;; Between the passes every channel is an i16 holding its value times 128, clipped to 0..255.99
;; as Pillow clips its 8-bit intermediate: the second pass rounds once, so the order of the
;; passes hardly changes a pixel.
(module
  (memory (export "memory") 1)

  ;; columns: u8 rows of `src` (stride bytes apart, a multiple of 16) resampled down to outRows
  ;; rows of i16 (value x 128, clipped) in `dst`, 2 x stride bytes apart; sixteen channels at a time.
  ;; `first` is relative to src: output row y reads rows first[y], first[y] + 1, ...
  (func (export "columns")
    (param $src i32) (param $stride i32) (param $dst i32) (param $outRows i32)
    (param $first i32) (param $pairs i32) (param $weights i32) (param $maxPairs i32)
    (local $y i32) (local $off i32) (local $top i32) (local $out i32) (local $p i32) (local $w i32) (local $n i32)
    (local $a v128) (local $b v128) (local $lo v128) (local $hi v128) (local $wv v128)
    (local $acc0 v128) (local $acc1 v128) (local $acc2 v128) (local $acc3 v128)
    (local.set $y (i32.const 0))
    (block $rows_done
      (loop $each_row
        (br_if $rows_done (i32.ge_u (local.get $y) (local.get $outRows)))
        (local.set $top (i32.add (local.get $src)
          (i32.mul (i32.load (i32.add (local.get $first) (i32.shl (local.get $y) (i32.const 2)))) (local.get $stride))))
        (local.set $out (i32.add (local.get $dst) (i32.mul (local.get $y) (i32.shl (local.get $stride) (i32.const 1)))))
        (local.set $off (i32.const 0))
        (block $row_done
          (loop $each_block
            (br_if $row_done (i32.ge_u (local.get $off) (local.get $stride)))
            (local.set $p (i32.add (local.get $top) (local.get $off)))
            (local.set $w (i32.add (local.get $weights)
              (i32.shl (i32.mul (local.get $y) (local.get $maxPairs)) (i32.const 4))))
            (local.set $n (i32.load (i32.add (local.get $pairs) (i32.shl (local.get $y) (i32.const 2)))))
            (local.set $acc0 (i32x4.splat (i32.const 64)))
            (local.set $acc1 (local.get $acc0))
            (local.set $acc2 (local.get $acc0))
            (local.set $acc3 (local.get $acc0))
            (block $taps_done
              (loop $each_pair
                (br_if $taps_done (i32.eqz (local.get $n)))
                ;; two rows interleaved byte by byte: [a0 b0 a1 b1 ...], then widened and dotted
                (local.set $a (v128.load align=1 (local.get $p)))
                (local.set $b (v128.load align=1 (i32.add (local.get $p) (local.get $stride))))
                (local.set $lo (i8x16.shuffle 0 16 1 17 2 18 3 19 4 20 5 21 6 22 7 23 (local.get $a) (local.get $b)))
                (local.set $hi (i8x16.shuffle 8 24 9 25 10 26 11 27 12 28 13 29 14 30 15 31 (local.get $a) (local.get $b)))
                (local.set $wv (v128.load (local.get $w)))
                (local.set $acc0 (i32x4.add (local.get $acc0) (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_u (local.get $lo)) (local.get $wv))))
                (local.set $acc1 (i32x4.add (local.get $acc1) (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_u (local.get $lo)) (local.get $wv))))
                (local.set $acc2 (i32x4.add (local.get $acc2) (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_u (local.get $hi)) (local.get $wv))))
                (local.set $acc3 (i32x4.add (local.get $acc3) (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_u (local.get $hi)) (local.get $wv))))
                (local.set $p (i32.add (local.get $p) (i32.shl (local.get $stride) (i32.const 1))))
                (local.set $w (i32.add (local.get $w) (i32.const 16)))
                (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                (br $each_pair)))
            ;; 14-bit weights, 7 bits kept: shift by 7; narrowing saturates at 255.99, max_s clips at 0
            (local.set $p (i32.add (local.get $out) (i32.shl (local.get $off) (i32.const 1))))
            (v128.store align=1 (local.get $p) (i16x8.max_s (v128.const i32x4 0 0 0 0) (i16x8.narrow_i32x4_s
              (i32x4.shr_s (local.get $acc0) (i32.const 7)) (i32x4.shr_s (local.get $acc1) (i32.const 7)))))
            (v128.store offset=16 align=1 (local.get $p) (i16x8.max_s (v128.const i32x4 0 0 0 0) (i16x8.narrow_i32x4_s
              (i32x4.shr_s (local.get $acc2) (i32.const 7)) (i32x4.shr_s (local.get $acc3) (i32.const 7)))))
            (local.set $off (i32.add (local.get $off) (i32.const 16)))
            (br $each_block)))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $each_row))))

  ;; rows: `rows` rows of i16 pixels (value x 128, 8 bytes a pixel, srcStride bytes apart) narrowed
  ;; to outWidth u8 RGBA pixels in `dst`, whose rows are dstStride bytes apart. `order` points at
  ;; 16 swizzle indices that put the input's channels in RGBA order; alpha comes out 255.
  (func (export "rows")
    (param $src i32) (param $srcStride i32) (param $rows i32)
    (param $dst i32) (param $dstStride i32) (param $outWidth i32)
    (param $first i32) (param $pairs i32) (param $weights i32) (param $maxPairs i32) (param $order i32)
    (local $y i32) (local $x i32) (local $row i32) (local $out i32)
    (local $p i32) (local $w i32) (local $n i32) (local $acc v128) (local $v v128) (local $swizzle v128)
    (local.set $swizzle (v128.load (local.get $order)))
    (local.set $y (i32.const 0))
    (block $rows_done
      (loop $each_row
        (br_if $rows_done (i32.ge_u (local.get $y) (local.get $rows)))
        (local.set $row (i32.add (local.get $src) (i32.mul (local.get $y) (local.get $srcStride))))
        (local.set $out (i32.add (local.get $dst) (i32.mul (local.get $y) (local.get $dstStride))))
        (local.set $x (i32.const 0))
        (block $cols_done
          (loop $each_x
            (br_if $cols_done (i32.ge_u (local.get $x) (local.get $outWidth)))
            (local.set $p (i32.add (local.get $row)
              (i32.shl (i32.load (i32.add (local.get $first) (i32.shl (local.get $x) (i32.const 2)))) (i32.const 3))))
            (local.set $n (i32.load (i32.add (local.get $pairs) (i32.shl (local.get $x) (i32.const 2)))))
            (local.set $w (i32.add (local.get $weights)
              (i32.shl (i32.mul (local.get $x) (local.get $maxPairs)) (i32.const 4))))
            (local.set $acc (i32x4.splat (i32.const 1048576)))
            (block $taps_done
              (loop $each_pair
                (br_if $taps_done (i32.eqz (local.get $n)))
                ;; two i16 pixels [r0 g0 b0 a0 r1 g1 b1 a1] -> [r0 r1 g0 g1 b0 b1 a0 a1]
                (local.set $v (v128.load align=1 (local.get $p)))
                (local.set $v (i8x16.shuffle 0 1 8 9 2 3 10 11 4 5 12 13 6 7 14 15 (local.get $v) (local.get $v)))
                (local.set $acc (i32x4.add (local.get $acc) (i32x4.dot_i16x8_s (local.get $v) (v128.load (local.get $w)))))
                (local.set $p (i32.add (local.get $p) (i32.const 16)))
                (local.set $w (i32.add (local.get $w) (i32.const 16)))
                (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                (br $each_pair)))
            ;; 14-bit weights on values x 128: shift by 21, saturate to 0..255
            (local.set $acc (i32x4.shr_s (local.get $acc) (i32.const 21)))
            (local.set $v (i16x8.narrow_i32x4_s (local.get $acc) (local.get $acc)))
            (local.set $v (i8x16.swizzle (i8x16.narrow_i16x8_u (local.get $v) (local.get $v)) (local.get $swizzle)))
            (v128.store32_lane align=1 0 (local.get $out)
              (v128.or (local.get $v) (v128.const i32x4 0xff000000 0xff000000 0xff000000 0xff000000)))
            (local.set $out (i32.add (local.get $out) (i32.const 4)))
            (local.set $x (i32.add (local.get $x) (i32.const 1)))
            (br $each_x)))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $each_row))))
)
