#include "engine/blas/eigen_blas.h"

#include <Eigen/Core>

namespace mllab::blas {
namespace {

template <typename T>
using Strided =
    Eigen::Map<const Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>, 0, Eigen::OuterStride<>>;
template <typename T>
using StridedOut =
    Eigen::Map<Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>, 0, Eigen::OuterStride<>>;

bool transposed(const char* flag)
{
    return *flag == 'T' || *flag == 't' || *flag == 'C' || *flag == 'c';
}

} // namespace

void eigenDsyrk(const char* uplo, const char* trans, const int* n, const int* k,
                const double* alpha, const double* a, const int* lda, const double* beta, double* c,
                const int* ldc)
{
    const bool t = transposed(trans);
    const Strided<double> am(a, t ? *k : *n, t ? *n : *k, Eigen::OuterStride<>(*lda));
    StridedOut<double> cm(c, *n, *n, Eigen::OuterStride<>(*ldc));
    const Eigen::MatrixXd product =
        t ? Eigen::MatrixXd(am.transpose() * am) : Eigen::MatrixXd(am * am.transpose());
    const bool lower = *uplo == 'L' || *uplo == 'l';
    for (int j = 0; j < *n; ++j)
        for (int i = lower ? j : 0; i < (lower ? *n : j + 1); ++i)
            cm(i, j) = *alpha * product(i, j) + (*beta == 0.0 ? 0.0 : *beta * cm(i, j));
}

void eigenSgemm(const char* transa, const char* transb, const int* m, const int* n, const int* k,
                const float* alpha, const float* a, const int* lda, const float* b, const int* ldb,
                const float* beta, float* c, const int* ldc)
{
    const bool ta = transposed(transa), tb = transposed(transb);
    const Strided<float> am(a, ta ? *k : *m, ta ? *m : *k, Eigen::OuterStride<>(*lda));
    const Strided<float> bm(b, tb ? *n : *k, tb ? *k : *n, Eigen::OuterStride<>(*ldb));
    StridedOut<float> cm(c, *m, *n, Eigen::OuterStride<>(*ldc));
    Eigen::MatrixXf product(*m, *n);
    if (ta && tb)
        product.noalias() = am.transpose() * bm.transpose();
    else if (ta)
        product.noalias() = am.transpose() * bm;
    else if (tb)
        product.noalias() = am * bm.transpose();
    else
        product.noalias() = am * bm;
    // beta == 0 ignores C, so NaNs in uninitialised output do not leak (the BLAS rule).
    if (*beta == 0.0f)
        cm = *alpha * product;
    else
        cm = *alpha * product + *beta * cm;
}

} // namespace mllab::blas
