// The reference-BLAS symbols PCA calls, defined with Eigen: linked only into builds that found
// no BLAS library (engine/CMakeLists.txt).
#include "engine/blas/eigen_blas.h"

extern "C" {

void dsyrk_(const char* uplo, const char* trans, const int* n, const int* k, const double* alpha,
            const double* a, const int* lda, const double* beta, double* c, const int* ldc)
{
    mllab::blas::eigenDsyrk(uplo, trans, n, k, alpha, a, lda, beta, c, ldc);
}

void sgemm_(const char* transa, const char* transb, const int* m, const int* n, const int* k,
            const float* alpha, const float* a, const int* lda, const float* b, const int* ldb,
            const float* beta, float* c, const int* ldc)
{
    mllab::blas::eigenSgemm(transa, transb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

} // extern "C"
