/* s8_kernel_forms.c - the int8 AVX2 micro-kernel forms compared in
 * docs/runtime.md ("vpmaddubsw where the weights allow it").
 *
 *   clang-22 -O3 -mavx2 utils/bench/s8_kernel_forms.c -o /tmp/forms && /tmp/forms
 *
 * Each form computes 60 rows x 16 columns over a 512-deep slice (ten or more
 * tiles against one B slice in L1, as the driver's blocks), 200 times, best
 * of 15; GOP/s = 2 x multiply-adds / s, one thread. Not part of the build:
 *   wd6x16     the previous kernel: vpmaddwd on B widened once per block
 *              (prepB, timed separately: "wd6x16+prepareB per 60 rows")
 *   wd6x8x2    the current kernel (gemm_s8_avx2.c): B widened in the loop
 *   wd3x16, wd2x16   the same with all 16 columns per pass (spills at 3 rows)
 *   ubs4/5/6   exact: u = |a'|, s = sign(a') * w (vpsignb per product), w > -128
 *   ubs4two    the same with |a'| packed next to a' (no vpabsb)
 *   ort4, ort6 ONNX Runtime's form: u = a, s = w, int16 pair sums saturate
 *              unless each k pair's weights fit (7-bit weights do): the
 *              avx2_maddubs variant (gemm_u8s8_avx2.c) is ort4 on those.
 * Operands are arbitrary codes: the figures are throughput only.
 */
#include <immintrin.h>
#include <stdio.h>
#include <string.h>
#include <stdint.h>
#include <time.h>
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
enum{KR=4,NR=16};
__attribute__((noinline)) static void wd6x16(int64_t kc, const void *aPacked, const void *bPrepared, int32_t *c, int64_t ldc) {
  enum{MR=6};
  const int16_t *a = (const int16_t *)aPacked;
  const __m256i *b = (const __m256i *)bPrepared;
  __m256i acc[MR][2];
  for (int r = 0; r < MR; ++r) { acc[r][0] = _mm256_setzero_si256(); acc[r][1] = _mm256_setzero_si256(); }
  for (int64_t kg = 0; kg < kc / KR; ++kg, a += MR * KR, b += 4) {
    for (int pair = 0; pair < 2; ++pair) {
      const __m256i b0 = _mm256_load_si256(b + 2 * pair);
      const __m256i b1 = _mm256_load_si256(b + 2 * pair + 1);
      for (int r = 0; r < MR; ++r) {
        int32_t ak; memcpy(&ak, a + r * KR + 2 * pair, sizeof ak);
        const __m256i ar = _mm256_set1_epi32(ak);
        acc[r][0] = _mm256_add_epi32(acc[r][0], _mm256_madd_epi16(ar, b0));
        acc[r][1] = _mm256_add_epi32(acc[r][1], _mm256_madd_epi16(ar, b1));
      }
    }
  }
  for (int r = 0; r < MR; ++r) { _mm256_storeu_si256((__m256i *)(c + r * ldc), acc[r][0]); _mm256_storeu_si256((__m256i *)(c + r * ldc + 8), acc[r][1]); }
}
#define UBS(MRV,NAME) __attribute__((noinline)) static void NAME(int64_t kc, const void *aPacked, const void *bPacked, int32_t *c, int64_t ldc) { \
  enum{MR=MRV}; const int8_t *a = (const int8_t *)aPacked; const int8_t *b = (const int8_t *)bPacked; \
  const __m256i ones = _mm256_set1_epi16(1); __m256i acc[MR][2]; \
  for (int r = 0; r < MR; ++r) { acc[r][0] = _mm256_setzero_si256(); acc[r][1] = _mm256_setzero_si256(); } \
  for (int64_t kg = 0; kg < kc / KR; ++kg, a += MR * KR, b += NR*KR) { \
    const __m256i b0 = _mm256_load_si256((const __m256i*)b), b1 = _mm256_load_si256((const __m256i*)(b+32)); \
    for (int r = 0; r < MR; ++r) { int32_t ak; memcpy(&ak, a + r * KR, 4); \
      const __m256i s = _mm256_set1_epi32(ak); const __m256i u = _mm256_abs_epi8(s); \
      acc[r][0] = _mm256_add_epi32(acc[r][0], _mm256_madd_epi16(_mm256_maddubs_epi16(u, _mm256_sign_epi8(b0, s)), ones)); \
      acc[r][1] = _mm256_add_epi32(acc[r][1], _mm256_madd_epi16(_mm256_maddubs_epi16(u, _mm256_sign_epi8(b1, s)), ones)); } } \
  for (int r = 0; r < MR; ++r) { _mm256_storeu_si256((__m256i *)(c + r * ldc), acc[r][0]); _mm256_storeu_si256((__m256i *)(c + r * ldc + 8), acc[r][1]); } }
UBS(4,ubs4) UBS(5,ubs5) UBS(6,ubs6)
/* variant: A packed as |a| and a separately (two broadcasts, no abs) */
__attribute__((noinline)) static void ubs4two(int64_t kc, const void *aPacked, const void *bPacked, int32_t *c, int64_t ldc) {
  enum{MR=4}; const int8_t *a = (const int8_t *)aPacked; const int8_t *b = (const int8_t *)bPacked;
  const __m256i ones = _mm256_set1_epi16(1); __m256i acc[MR][2];
  for (int r = 0; r < MR; ++r) { acc[r][0] = _mm256_setzero_si256(); acc[r][1] = _mm256_setzero_si256(); }
  for (int64_t kg = 0; kg < kc / KR; ++kg, a += 2*MR * KR, b += NR*KR) {
    const __m256i b0 = _mm256_load_si256((const __m256i*)b), b1 = _mm256_load_si256((const __m256i*)(b+32));
    for (int r = 0; r < MR; ++r) { int32_t ak, uk; memcpy(&ak, a + r * KR, 4); memcpy(&uk, a + (MR+r) * KR, 4);
      const __m256i s = _mm256_set1_epi32(ak); const __m256i u = _mm256_set1_epi32(uk);
      acc[r][0] = _mm256_add_epi32(acc[r][0], _mm256_madd_epi16(_mm256_maddubs_epi16(u, _mm256_sign_epi8(b0, s)), ones));
      acc[r][1] = _mm256_add_epi32(acc[r][1], _mm256_madd_epi16(_mm256_maddubs_epi16(u, _mm256_sign_epi8(b1, s)), ones)); } }
  for (int r = 0; r < MR; ++r) { _mm256_storeu_si256((__m256i *)(c + r * ldc), acc[r][0]); _mm256_storeu_si256((__m256i *)(c + r * ldc + 8), acc[r][1]); } }
/* inexact reference: ORT style, no sign */
__attribute__((noinline)) static void ort4(int64_t kc, const void *aPacked, const void *bPacked, int32_t *c, int64_t ldc) {
  enum{MR=4}; const int8_t *a = (const int8_t *)aPacked; const int8_t *b = (const int8_t *)bPacked;
  const __m256i ones = _mm256_set1_epi16(1); __m256i acc[MR][2];
  for (int r = 0; r < MR; ++r) { acc[r][0] = _mm256_setzero_si256(); acc[r][1] = _mm256_setzero_si256(); }
  for (int64_t kg = 0; kg < kc / KR; ++kg, a += MR * KR, b += NR*KR) {
    const __m256i b0 = _mm256_load_si256((const __m256i*)b), b1 = _mm256_load_si256((const __m256i*)(b+32));
    for (int r = 0; r < MR; ++r) { int32_t ak; memcpy(&ak, a + r * KR, 4);
      const __m256i u = _mm256_set1_epi32(ak);
      acc[r][0] = _mm256_add_epi32(acc[r][0], _mm256_madd_epi16(_mm256_maddubs_epi16(u, b0), ones));
      acc[r][1] = _mm256_add_epi32(acc[r][1], _mm256_madd_epi16(_mm256_maddubs_epi16(u, b1), ones)); } }
  for (int r = 0; r < MR; ++r) { _mm256_storeu_si256((__m256i *)(c + r * ldc), acc[r][0]); _mm256_storeu_si256((__m256i *)(c + r * ldc + 8), acc[r][1]); } }

#define WD3(MRV,NAME) __attribute__((noinline)) static void NAME(int64_t kc, const void *aPacked, const void *bPacked, int32_t *c, int64_t ldc) { \
  enum{MR=MRV}; const int16_t *a = (const int16_t *)aPacked; const int8_t *b = (const int8_t *)bPacked; __m256i acc[MR][4]; \
  for (int r = 0; r < MR; ++r) for(int q=0;q<4;q++) acc[r][q] = _mm256_setzero_si256(); \
  for (int64_t kg = 0; kg < kc / KR; ++kg, a += MR * KR, b += NR*KR) { \
    __m256i bq[4]; for(int q=0;q<4;q++) bq[q]=_mm256_cvtepi8_epi16(_mm_load_si128((const __m128i*)(b+16*q))); \
    for (int r = 0; r < MR; ++r) { int64_t ak; memcpy(&ak, a + r * KR, 8); const __m256i ar = _mm256_set1_epi64x(ak); \
      for(int q=0;q<4;q++) acc[r][q] = _mm256_add_epi32(acc[r][q], _mm256_madd_epi16(ar, bq[q])); } } \
  for (int r = 0; r < MR; ++r) for(int h=0;h<2;h++){ __m256i x=_mm256_hadd_epi32(acc[r][2*h],acc[r][2*h+1]); x=_mm256_permute4x64_epi64(x,0xD8); _mm256_storeu_si256((__m256i *)(c + r * ldc+8*h), x);} }
WD3(3,wd3x16) WD3(2,wd2x16)
__attribute__((noinline)) static void ort6(int64_t kc, const void *aPacked, const void *bPacked, int32_t *c, int64_t ldc) {
  enum{MR=6}; const int8_t *a = (const int8_t *)aPacked; const int8_t *b = (const int8_t *)bPacked;
  const __m256i ones = _mm256_set1_epi16(1); __m256i acc[MR][2];
  for (int r = 0; r < MR; ++r) { acc[r][0] = _mm256_setzero_si256(); acc[r][1] = _mm256_setzero_si256(); }
  for (int64_t kg = 0; kg < kc / KR; ++kg, a += MR * KR, b += NR*KR) {
    const __m256i b0 = _mm256_load_si256((const __m256i*)b), b1 = _mm256_load_si256((const __m256i*)(b+32));
    for (int r = 0; r < MR; ++r) { int32_t ak; memcpy(&ak, a + r * KR, 4);
      const __m256i u = _mm256_set1_epi32(ak);
      acc[r][0] = _mm256_add_epi32(acc[r][0], _mm256_madd_epi16(_mm256_maddubs_epi16(u, b0), ones));
      acc[r][1] = _mm256_add_epi32(acc[r][1], _mm256_madd_epi16(_mm256_maddubs_epi16(u, b1), ones)); } }
  for (int r = 0; r < MR; ++r) { _mm256_storeu_si256((__m256i *)(c + r * ldc), acc[r][0]); _mm256_storeu_si256((__m256i *)(c + r * ldc + 8), acc[r][1]); } }

__attribute__((noinline)) static void wd6x8x2(int64_t kc, const void *aPacked, const void *bPacked, int32_t *c, int64_t ldc) {
  enum{MR=6}; const int8_t *bp = (const int8_t *)bPacked;
  for (int h = 0; h < 2; ++h) {
    const int16_t *a = (const int16_t *)aPacked; const int8_t *b = bp + 32*h;
    __m256i acc[MR][2];
    for (int r = 0; r < MR; ++r) { acc[r][0] = _mm256_setzero_si256(); acc[r][1] = _mm256_setzero_si256(); }
    for (int64_t kg = 0; kg < kc / KR; ++kg, a += MR * KR, b += NR*KR) {
      const __m256i b0=_mm256_cvtepi8_epi16(_mm_load_si128((const __m128i*)b));
      const __m256i b1=_mm256_cvtepi8_epi16(_mm_load_si128((const __m128i*)(b+16)));
      for (int r = 0; r < MR; ++r) { int64_t ak; memcpy(&ak, a + r * KR, 8); const __m256i ar = _mm256_set1_epi64x(ak);
        acc[r][0] = _mm256_add_epi32(acc[r][0], _mm256_madd_epi16(ar, b0));
        acc[r][1] = _mm256_add_epi32(acc[r][1], _mm256_madd_epi16(ar, b1)); } }
    for (int r = 0; r < MR; ++r) { __m256i x=_mm256_hadd_epi32(acc[r][0],acc[r][1]); x=_mm256_permute4x64_epi64(x,0xD8); _mm256_storeu_si256((__m256i *)(c + r * ldc+8*h), x);} } }
static void prepB(int64_t kc, const int8_t *b, void *prepared) {
  const __m256i pairs = _mm256_setr_epi8(0, 1, 4, 5, 8, 9, 12, 13, 2, 3, 6, 7, 10, 11, 14, 15, 0, 1, 4, 5, 8, 9, 12, 13, 2, 3, 6, 7, 10, 11, 14, 15);
  __m256i *out = (__m256i *)prepared;
  for (int64_t kg = 0; kg < kc / KR; ++kg, b += NR * KR, out += 4) {
    for (int half = 0; half < 2; ++half) {
      __m256i x = _mm256_loadu_si256((const __m256i *)(b + 32 * half));
      x = _mm256_shuffle_epi8(x, pairs);
      x = _mm256_permute4x64_epi64(x, _MM_SHUFFLE(3, 1, 2, 0));
      _mm256_store_si256(out + half, _mm256_cvtepi8_epi16(_mm256_castsi256_si128(x)));
      _mm256_store_si256(out + 2 + half, _mm256_cvtepi8_epi16(_mm256_extracti128_si256(x, 1)));
    } } }
_Alignas(64) static int8_t BP[512*16*2];
__attribute__((noinline)) static void wd6x16prep(int64_t kc, const void *a, const void *b, int32_t *c, int64_t ldc){ (void)b; wd6x16(kc,a,BP,c,ldc);} 
typedef void(*fn)(int64_t,const void*,const void*,int32_t*,int64_t);
_Alignas(64) static int8_t A[60*512*2*2]; _Alignas(64) static int8_t B[512*16*2]; static int32_t C[16*16];
double benchp(fn f,int mr,int abytes){ int64_t kc=512; double best=1e9; for(int rep=0;rep<15;rep++){ double t=now(); for(int it=0;it<200;it++){ prepB(kc,B,BP); for(int p=0;p<60/mr;p++) f(kc,A+p*mr*kc*abytes,B,C,16);} t=now()-t; if(t<best)best=t;} return (200.0*(60/mr)*mr*16*kc)/best*2/1e9; }
double bench(fn f,int mr,int abytes){ int64_t kc=512; double best=1e9; for(int rep=0;rep<15;rep++){ double t=now(); for(int it=0;it<200;it++) for(int p=0;p<60/mr;p++) f(kc,A+p*mr*kc*abytes,B,C,16); t=now()-t; if(t<best)best=t;} return (200.0*(60/mr)*mr*16*kc)/best*2/1e9; }
int main(){ for(int i=0;i<(int)sizeof A;i++)A[i]=(int8_t)(i*37); for(int i=0;i<(int)sizeof B;i++)B[i]=(int8_t)(i*11+3);
 for(int k=0;k<2;k++){
 printf("wd6x8x2  %.1f GOP/s\n",bench(wd6x8x2,6,2));
 printf("wd6x16+prepareB per 60 rows %.1f GOP/s\n",benchp(wd6x16prep,6,2));
 printf("wd3x16   %.1f GOP/s\n",bench(wd3x16,3,2));
 printf("wd2x16   %.1f GOP/s\n",bench(wd2x16,2,2));
 printf("ort6     %.1f GOP/s\n",bench(ort6,6,1));
 printf("wd6x16   %.1f GOP/s\n",bench(wd6x16,6,2));
 printf("ubs4     %.1f GOP/s\n",bench(ubs4,4,1));
 printf("ubs5     %.1f GOP/s\n",bench(ubs5,5,1));
 printf("ubs6     %.1f GOP/s\n",bench(ubs6,6,1));
 printf("ubs4two  %.1f GOP/s\n",bench(ubs4two,4,2));
 printf("ort4     %.1f GOP/s\n",bench(ort4,4,1)); }
}
